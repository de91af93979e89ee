<?php

declare(strict_types=1);

namespace PushGrpc\Client\Tests;

use PHPUnit\Framework\TestCase;
use PushGrpc\Client\PushClient;
use PushGrpc\V1\Alert;
use PushGrpc\V1\Aps;
use PushGrpc\V1\Notification;

/** Shared helpers for the tests against the live gateway (embedded APNs simulator, app "demo"). */
abstract class GatewayTestCase extends TestCase
{
    protected ?PushClient $client = null;

    protected function setUp(): void
    {
        $this->client = PushClient::connect((string) getenv('PUSHGRPC_ADDRESS'));
    }

    protected function tearDown(): void
    {
        $this->client?->close();
        $this->client = null;
    }

    /** A token the simulator accepts: 64 random hex characters. */
    protected static function token(): string
    {
        return bin2hex(random_bytes(32));
    }

    /** A token the simulator rejects: ffffffff04 + the HTTP status (00 = 400 BadDeviceToken, 10 = 410 Unregistered). */
    protected static function magicToken(string $code): string
    {
        return 'ffffffff04' . $code . substr(bin2hex(random_bytes(26)), 0, 52);
    }

    /** @param list<string> $tokens */
    protected static function notification(string $id, array $tokens, string $app = 'demo'): Notification
    {
        return new Notification([
            'id' => $id,
            'app' => $app,
            'device_tokens' => $tokens,
            'aps' => new Aps(['alert' => new Alert(['title' => 'PushGrpc', 'body' => "PHP test $id"])]),
        ]);
    }
}
