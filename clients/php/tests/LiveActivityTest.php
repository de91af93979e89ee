<?php

declare(strict_types=1);

namespace PushGrpc\Client\Tests;

use PushGrpc\Client\LiveActivity;
use PushGrpc\V1\Alert;
use PushGrpc\V1\DeliveryStatus;
use PushGrpc\V1\LiveActivityEvent;
use PushGrpc\V1\MessageStoragePolicy;
use PushGrpc\V1\Notification;

/** Broadcast channels, broadcasts and push-to-start against the live gateway. */
final class LiveActivityTest extends GatewayTestCase
{
    /** @var list<string> channels to delete after the test */
    private array $created = [];

    protected function tearDown(): void
    {
        // Channels outlive a test; delete what it left so the app stays far from APNs's 10,000-channel limit.
        foreach ($this->created as $id) {
            $this->client?->deleteChannel('demo', $id);
        }
        parent::tearDown();
    }

    private function createChannel(int $policy): string
    {
        $response = $this->client->createChannel('demo', $policy);
        // Not serializeToJsonString(): the pure-PHP runtime needs ext-bcmath to print the Duration in the result.
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $response->getResult()->getStatus(),
            $response->getResult()->getReason() . ' ' . $response->getResult()->getMessage());
        self::assertNotSame('', $response->getChannel()->getId());
        self::assertNotSame('', $response->getResult()->getApnsRequestId());
        self::assertSame($policy, $response->getChannel()->getMessageStoragePolicy());
        $this->created[] = $response->getChannel()->getId();
        return $response->getChannel()->getId();
    }

    private static function update(string $channelId): Notification
    {
        return LiveActivity::broadcast('demo', $channelId, LiveActivityEvent::LIVE_ACTIVITY_EVENT_UPDATE,
            ['score' => '1-0', 'minute' => 12]);
    }

    private static function pushToStart(string $token): Notification
    {
        return LiveActivity::pushToStart('demo', [$token], 'MatchAttributes', ['home' => 'Lions', 'away' => 'Tigers'],
            ['score' => '0-0'], new Alert(['title' => 'Kick-off', 'body' => 'Lions v Tigers']));
    }

    public function testChannelLifecycle(): void
    {
        $noStorage = MessageStoragePolicy::MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED;
        $id = $this->createChannel($noStorage);

        $list = $this->client->listChannels('demo');
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $list->getResult()->getStatus());
        self::assertContains($id, iterator_to_array($list->getChannelIds(), false));

        $goal = self::update($id);
        $goal->setId('goal');
        $goal->getAps()->setAlert(new Alert(['title' => 'Goal!', 'body' => '1-0']));
        $result = $this->client->broadcast($goal);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $result->getStatus(), $result->getMessage());
        self::assertSame($id, $result->getChannelId());
        self::assertSame('goal', $result->getNotificationId());
        self::assertSame('', $result->getDeviceToken());
        self::assertNotSame('', $result->getApnsRequestId());

        $got = $this->client->getChannel('demo', $id);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $got->getResult()->getStatus());
        self::assertSame($id, $got->getChannel()->getId());
        self::assertSame($noStorage, $got->getChannel()->getMessageStoragePolicy());

        $deleted = $this->client->deleteChannel('demo', $id);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $deleted->getStatus(), $deleted->getMessage());
        $this->created = [];

        $gone = $this->client->getChannel('demo', $id);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_REJECTED, $gone->getResult()->getStatus());
        self::assertSame('ChannelNotRegistered', $gone->getResult()->getReason());
        self::assertNull($gone->getChannel());
    }

    public function testExpirationOnANoStorageChannelIsInvalid(): void
    {
        $update = self::update($this->createChannel(MessageStoragePolicy::MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED));
        $update->setExpiration(time() + 3600);

        $result = $this->client->broadcast($update);

        self::assertSame(DeliveryStatus::DELIVERY_STATUS_INVALID, $result->getStatus());
        self::assertStringContainsString('expiration', $result->getMessage());
    }

    public function testStreamCarriesABroadcastBesideTokens(): void
    {
        $id = $this->createChannel(MessageStoragePolicy::MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED);
        $end = LiveActivity::broadcast('demo', $id, LiveActivityEvent::LIVE_ACTIVITY_EVENT_END, ['score' => '2-1']);
        $end->setId('final');
        $end->getAps()->setDismissalDate(time() + 3600);
        $tokens = [self::token(), self::token()];

        $results = [];
        foreach ($this->client->sendStream([self::notification('tokens', $tokens), $end]) as $notification => $result) {
            $results[$notification->getId()][] = $result;
        }

        self::assertCount(2, $results['tokens']);
        self::assertCount(1, $results['final']);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $results['final'][0]->getStatus());
        self::assertSame($id, $results['final'][0]->getChannelId());
        self::assertNotSame('', $results['final'][0]->getApnsRequestId());
        foreach ($results['tokens'] as $result) {
            self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $result->getStatus());
            self::assertSame('', $result->getChannelId());
        }
    }

    public function testPushToStartIsAccepted(): void
    {
        $token = self::token();
        $start = self::pushToStart($token);
        $start->getAps()->setInputPushChannel($this->createChannel(MessageStoragePolicy::MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED));

        $results = $this->client->send($start);

        self::assertCount(1, $results);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_ACCEPTED, $results[0]->getStatus(), $results[0]->getMessage());
        self::assertSame($token, $results[0]->getDeviceToken());
    }

    public function testPushToStartWithoutAttributesTypeIsInvalid(): void
    {
        $start = self::pushToStart(self::token());
        $start->getAps()->setAttributesType('');

        $results = $this->client->send($start);

        self::assertCount(1, $results);
        self::assertSame(DeliveryStatus::DELIVERY_STATUS_INVALID, $results[0]->getStatus());
        self::assertStringContainsString('aps.attributes_type', $results[0]->getMessage());
    }

    public function testStructKeepsAnEmptyArrayAnObject(): void
    {
        self::assertSame('{}', LiveActivity::struct([])->serializeToJsonString());
        self::assertSame('{"a":[1,2]}', LiveActivity::struct(['a' => [1, 2]])->serializeToJsonString());
    }

    public function testBroadcastExampleCreatesUpdatesAndDeletes(): void
    {
        $command = [PHP_BINARY, __DIR__ . '/../bin/broadcast', '--address', (string) getenv('PUSHGRPC_ADDRESS'),
            '--content-state', '{"score":"2-1","minute":88}', '--title', 'Goal', '--body', '2-1', '--delete'];
        $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        $stdout = stream_get_contents($pipes[1]);
        $stderr = stream_get_contents($pipes[2]);
        $exitCode = proc_close($process);

        self::assertSame(0, $exitCode, $stdout . $stderr);
        self::assertMatchesRegularExpression('/\Acreate: ACCEPTED 201 \(apns-request-id \S+\)\nchannel: \S+\n'
            . 'update: ACCEPTED 200 \(apns-request-id \S+\)\ndelete: ACCEPTED 204 \(apns-request-id \S+\)\n\z/', $stdout);
    }
}
