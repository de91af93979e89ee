<?php

declare(strict_types=1);

namespace PushGrpc\Client\Tests;

use Grpc\ChannelCredentials;
use PushGrpc\V1\DeliveryStatus;
use PushGrpc\V1\PushServiceClient;
use PushGrpc\V1\SendRequest;
use PushGrpc\V1\SendResponse;
use PushGrpc\V1\SendStreamRequest;

/**
 * gRPC semantics of the generated stub's calls -- what ext-grpc gives, and what the curl transport must give when
 * it stands in: deadlines, status codes from trailers and Trailers-Only responses, concurrent calls on one channel,
 * cancellation, metadata.
 */
final class TransportTest extends GatewayTestCase
{
    private PushServiceClient $stub;

    protected function setUp(): void
    {
        parent::setUp();
        $this->stub = new PushServiceClient((string) getenv('PUSHGRPC_ADDRESS'),
            ['credentials' => ChannelCredentials::createInsecure()]);
    }

    protected function tearDown(): void
    {
        $this->stub->close();
        parent::tearDown();
    }

    public function testStreamThatOutlivesItsDeadlineEndsWithDeadlineExceeded(): void
    {
        $call = $this->stub->SendStream([], ['timeout' => 300_000]); // 0.3 s, in microseconds as ext-grpc
        $call->write(new SendStreamRequest(['notification' => self::notification('d1', [self::token()])]));
        // Never half-closed: the gateway waits for more until the deadline ends the call.
        $first = $call->read();
        self::assertSame('d1', $first->getResult()->getNotificationId());
        $started = microtime(true);
        self::assertNull($call->read());
        self::assertSame(\Grpc\STATUS_DEADLINE_EXCEEDED, $call->getStatus()->code);
        self::assertLessThan(2.0, microtime(true) - $started);
    }

    public function testUnknownMethodIsUnimplemented(): void
    {
        $stub = new class ((string) getenv('PUSHGRPC_ADDRESS'), ['credentials' => ChannelCredentials::createInsecure()])
            extends \Grpc\BaseStub {
            public function Missing(SendRequest $request): \Grpc\UnaryCall
            {
                return $this->_simpleRequest('/pushgrpc.v1.PushService/Missing', $request,
                    [SendResponse::class, 'decode']);
            }
        };
        [$response, $status] = $stub->Missing(new SendRequest())->wait();
        $stub->close();

        self::assertNull($response);
        self::assertSame(\Grpc\STATUS_UNIMPLEMENTED, $status->code);
    }

    public function testStreamTheServerEndsBeforeTheClientHalfClosesGetsTheStatus(): void
    {
        // The server answers an unknown method at once (Trailers-Only) while the request stream is still open.
        // Over TLS, because over h2c libcurl 7.88 holds such a response back until the client writes or half-closes.
        $stub = new class ((string) getenv('PUSHGRPC_TLS_ADDRESS'),
            ['credentials' => ChannelCredentials::createSsl((string) file_get_contents((string) getenv('PUSHGRPC_CA_FILE')))])
            extends \Grpc\BaseStub {
            public function MissingStream(): \Grpc\BidiStreamingCall
            {
                return $this->_bidiRequest('/pushgrpc.v1.PushService/MissingStream', [SendResponse::class, 'decode']);
            }
        };
        $call = $stub->MissingStream();

        self::assertNull($call->read());
        self::assertSame(\Grpc\STATUS_UNIMPLEMENTED, $call->getStatus()->code);
        $stub->close();
    }

    public function testConcurrentCallsOnOneChannelEachGetTheirOwnResponse(): void
    {
        $tokens = [];
        $calls = [];
        for ($i = 0; $i < 5; $i++) {
            $tokens[$i] = self::token();
            $calls[$i] = $this->stub->Send(new SendRequest(['notification' => self::notification("c$i", [$tokens[$i]])]));
        }
        // A bidi stream in between, interleaved with the unary calls.
        $stream = $this->stub->SendStream();
        $stream->write(new SendStreamRequest(['notification' => self::notification('s', [self::token()])]));
        foreach (array_reverse($calls, true) as $i => $call) {
            [$response, $status] = $call->wait();
            self::assertSame(\Grpc\STATUS_OK, $status->code, $status->details);
            self::assertSame($tokens[$i], $response->getResults()[0]->getDeviceToken());
            self::assertSame("c$i", $response->getResults()[0]->getNotificationId());
        }
        $stream->writesDone();
        self::assertSame('s', $stream->read()->getResult()->getNotificationId());
        self::assertNull($stream->read());
        self::assertSame(\Grpc\STATUS_OK, $stream->getStatus()->code);
    }

    public function testCancelledStreamEndsWithCancelled(): void
    {
        $call = $this->stub->SendStream();
        $call->write(new SendStreamRequest(['notification' => self::notification('x', [self::token()])]));
        $call->cancel();

        self::assertNull($call->read());
        self::assertSame(\Grpc\STATUS_CANCELLED, $call->getStatus()->code);
    }

    public function testResponseMetadataAndTrailers(): void
    {
        $call = $this->stub->Send(new SendRequest(['notification' => self::notification('md', [self::token()])]),
            ['x-request-id' => ['php-test']]);
        [$response, $status] = $call->wait();

        self::assertSame(\Grpc\STATUS_OK, $status->code);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $response->getResults()[0]->getStatus());
        self::assertIsArray($call->getMetadata());
        self::assertArrayNotHasKey('grpc-status', $status->metadata);
        self::assertSame($status->metadata, $call->getTrailingMetadata());
    }

    public function testInvalidMetadataKeyIsRefusedBeforeSending(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        $this->stub->Send(new SendRequest(), ['bad key' => ['x']]);
    }
}
