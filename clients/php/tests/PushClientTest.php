<?php

declare(strict_types=1);

namespace PushGrpc\Client\Tests;

use PushGrpc\Client\GrpcException;
use PushGrpc\Client\PushClient;
use PushGrpc\V1\DeliveryResult;
use PushGrpc\V1\DeliveryStatus;
use PushGrpc\V1\Notification;
use PushGrpc\V1\SendRequest;

/** The helper against the live gateway: unary, multicast, results of each kind, the bulk stream, TLS, errors. */
final class PushClientTest extends GatewayTestCase
{
    public function testUnarySendReturnsOneAcceptedResult(): void
    {
        $token = self::token();
        $results = $this->client->send(self::notification('single', [$token]));

        self::assertCount(1, $results);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $results[0]->getStatus());
        self::assertSame('single', $results[0]->getNotificationId());
        self::assertSame($token, $results[0]->getDeviceToken());
        self::assertSame(200, $results[0]->getHttpStatus());
        self::assertMatchesRegularExpression('/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/',
            $results[0]->getApnsId());
    }

    public function testMulticastReturnsOneResultPerTokenInTokenOrder(): void
    {
        $tokens = [self::token(), self::token(), self::token()];
        $results = $this->client->send(self::notification('multi', $tokens));

        self::assertSame($tokens, array_map(static fn (DeliveryResult $r): string => $r->getDeviceToken(), $results));
        foreach ($results as $result) {
            self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $result->getStatus());
            self::assertSame('multi', $result->getNotificationId());
        }
    }

    public function testBadDeviceTokenIsRejected(): void
    {
        [$result] = $this->client->send(self::notification('bad', [self::magicToken('00')]));

        self::assertSame(DeliveryStatus::DELIVERY_STATUS_REJECTED, $result->getStatus());
        self::assertSame('BadDeviceToken', $result->getReason());
        self::assertSame(400, $result->getHttpStatus());
        self::assertNull($result->getTokenInvalidSince());
    }

    public function testUnregisteredTokenIsRejectedWithTimestamp(): void
    {
        [$result] = $this->client->send(self::notification('gone', [self::magicToken('10')]));

        self::assertSame(DeliveryStatus::DELIVERY_STATUS_REJECTED, $result->getStatus());
        self::assertSame('Unregistered', $result->getReason());
        self::assertSame(410, $result->getHttpStatus());
        self::assertNotNull($result->getTokenInvalidSince());
        self::assertGreaterThan(0, $result->getTokenInvalidSince()->getSeconds());
    }

    public function testMalformedTokenIsInvalidAndNamesTheField(): void
    {
        [$result] = $this->client->send(self::notification('short', ['abc']));

        self::assertSame(DeliveryStatus::DELIVERY_STATUS_INVALID, $result->getStatus());
        self::assertStringContainsString('device_tokens[0]', $result->getMessage());
        self::assertSame(0, $result->getHttpStatus());
    }

    public function testUnknownAppIsInvalid(): void
    {
        [$result] = $this->client->send(self::notification('noapp', [self::token()], 'no-such-app'));

        self::assertSame(DeliveryStatus::DELIVERY_STATUS_INVALID, $result->getStatus());
        self::assertStringContainsString('app', $result->getMessage());
    }

    public function testSendWithoutNotificationFailsWithInvalidArgument(): void
    {
        // Through the generated stub: [response, status], as with ext-grpc.
        [$response, $status] = $this->client->stub()->Send(new SendRequest())->wait();

        self::assertNull($response);
        self::assertSame(\Grpc\STATUS_INVALID_ARGUMENT, $status->code);
        self::assertStringContainsString('notification', $status->details);
    }

    public function testHelperThrowsGrpcExceptionWhenTheGatewayIsUnreachable(): void
    {
        $client = PushClient::connect('127.0.0.1:1');
        try {
            $client->send(self::notification('nowhere', [self::token()]));
            self::fail('expected UNAVAILABLE');
        } catch (GrpcException $e) {
            self::assertSame(\Grpc\STATUS_UNAVAILABLE, $e->getCode());
            self::assertStringContainsString('UNAVAILABLE', $e->getMessage());
        } finally {
            $client->close();
        }
    }

    public function testStreamOf10000WithOneInvalidGivesExactlyOneResultEach(): void
    {
        $count = 10_000;
        $invalidId = 'n5000';
        $notifications = (static function () use ($count, $invalidId): \Generator {
            for ($i = 1; $i <= $count; $i++) {
                $id = "n$i";
                yield self::notification($id, [$id === $invalidId ? 'abc' : self::token()]);
            }
        })();

        $seen = [];
        $invalid = [];
        foreach ($this->client->sendStream($notifications, window: 1000) as $notification => $result) {
            self::assertNotNull($notification, 'every result matches a notification');
            self::assertSame($notification->getId(), $result->getNotificationId());
            $seen[$result->getNotificationId()] = ($seen[$result->getNotificationId()] ?? 0) + 1;
            if ($result->getStatus() === DeliveryStatus::DELIVERY_STATUS_INVALID) {
                $invalid[] = $result->getNotificationId();
            } else {
                self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $result->getStatus());
            }
        }

        self::assertCount($count, $seen, 'one result per notification');
        self::assertSame([1], array_values(array_unique($seen)), 'no notification has two results');
        self::assertSame([$invalidId], $invalid);
    }

    public function testStreamKeepsAtMostWindowNotificationsInFlight(): void
    {
        $window = 8;
        $results = 0;
        $maxInFlight = 0;
        // The generator runs when sendStream asks for the next notification: everything written before it minus
        // everything answered is what is in flight.
        $notifications = (static function () use (&$results, &$maxInFlight): \Generator {
            for ($i = 1; $i <= 200; $i++) {
                $maxInFlight = max($maxInFlight, ($i - 1) - $results);
                yield self::notification("w$i", [self::token()]);
            }
        })();
        foreach ($this->client->sendStream($notifications, window: $window) as $result) {
            $results++;
        }

        self::assertSame(200, $results);
        self::assertLessThanOrEqual($window, $maxInFlight);
    }

    public function testStreamMulticastAndEmptyItems(): void
    {
        $tokens = [self::token(), self::token(), self::token()];
        $results = [];
        foreach ($this->client->sendStream([self::notification('m', $tokens), new Notification(['id' => 'empty'])])
                 as $notification => $result) {
            $results[$result->getNotificationId()][] = $result;
        }

        self::assertCount(3, $results['m']);
        self::assertEqualsCanonicalizing($tokens, array_map(static fn ($r) => $r->getDeviceToken(), $results['m']));
        self::assertCount(1, $results['empty']);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_INVALID, $results['empty'][0]->getStatus());
    }

    public function testTlsWithTheCaFile(): void
    {
        $tls = PushClient::connect((string) getenv('PUSHGRPC_TLS_ADDRESS'), true, (string) getenv('PUSHGRPC_CA_FILE'));
        try {
            [$result] = $tls->send(self::notification('tls', [self::token()]));
            self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $result->getStatus());

            $statuses = [];
            foreach ($tls->sendStream([self::notification('tls1', [self::token()]),
                self::notification('tls2', [self::magicToken('00')])]) as $r) {
                $statuses[$r->getNotificationId()] = $r->getStatus();
            }
            ksort($statuses);
            self::assertSame(['tls1' => DeliveryStatus::DELIVERY_STATUS_ACCEPTED,
                'tls2' => DeliveryStatus::DELIVERY_STATUS_REJECTED], $statuses);
        } finally {
            $tls->close();
        }
    }

    public function testTlsWithoutTheCaIsUnavailable(): void
    {
        // The system roots do not include the test CA: the handshake fails, the call is UNAVAILABLE.
        $tls = PushClient::connect((string) getenv('PUSHGRPC_TLS_ADDRESS'), true);
        try {
            $tls->send(self::notification('untrusted', [self::token()]));
            self::fail('expected UNAVAILABLE');
        } catch (GrpcException $e) {
            self::assertSame(\Grpc\STATUS_UNAVAILABLE, $e->getCode());
        } finally {
            $tls->close();
        }
    }

    public function testSendExamplePrintsTheSummary(): void
    {
        $file = tempnam(sys_get_temp_dir(), 'tokens');
        file_put_contents($file, self::token() . "\n\n" . self::magicToken('00') . "\n" . self::token() . "\n");
        try {
            $command = [PHP_BINARY, __DIR__ . '/../bin/send', '--address', (string) getenv('PUSHGRPC_ADDRESS'),
                '--tokens', $file, '--title', 'Hello', '--body', 'from PHP', '--window', '2'];
            $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            $stdout = stream_get_contents($pipes[1]);
            $stderr = stream_get_contents($pipes[2]);
            $exitCode = proc_close($process);
        } finally {
            unlink($file);
        }

        self::assertSame(0, $exitCode, $stderr);
        self::assertSame("sent: 3\naccepted: 2\nrejected: 1 (BadDeviceToken: 1)\nfailed: 0\ninvalid: 0\n", $stdout);
    }
}
