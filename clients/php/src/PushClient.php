<?php

declare(strict_types=1);

namespace PushGrpc\Client;

use Grpc\Channel;
use Grpc\ChannelCredentials;
use PushGrpc\V1\ChannelResult;
use PushGrpc\V1\ChannelServiceClient;
use PushGrpc\V1\CreateChannelRequest;
use PushGrpc\V1\CreateChannelResponse;
use PushGrpc\V1\DeleteChannelRequest;
use PushGrpc\V1\DeliveryResult;
use PushGrpc\V1\GetChannelRequest;
use PushGrpc\V1\GetChannelResponse;
use PushGrpc\V1\ListChannelsRequest;
use PushGrpc\V1\ListChannelsResponse;
use PushGrpc\V1\Notification;
use PushGrpc\V1\PushServiceClient;
use PushGrpc\V1\SendRequest;
use PushGrpc\V1\SendStreamRequest;

/**
 * A small client for PushGrpc on top of the generated PushServiceClient and ChannelServiceClient. Works the same
 * with ext-grpc and with the pure-PHP curl transport (compat/), which stands in when ext-grpc is not loaded.
 *
 *   $client = PushClient::connect('localhost:50051');
 *   foreach ($client->send($notification) as $result) { ... }
 *   foreach ($client->sendStream($notifications, window: 1000) as $notification => $result) { ... }
 *   $channelId = $client->createChannel('demo', MessageStoragePolicy::MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED)
 *       ->getChannel()->getId();
 *   $result = $client->broadcast(LiveActivity::broadcast('demo', $channelId, $event, $contentState));
 */
final class PushClient
{
    /** @param ChannelServiceClient|null $channels for the channel methods; best on the same \Grpc\Channel as $stub */
    public function __construct(private readonly PushServiceClient $stub,
        private readonly ?ChannelServiceClient $channels = null)
    {
    }

    /**
     * Connects to a gateway: plaintext HTTP/2 (h2c) by default; TLS with $tls or a $caFile, trusting the CA
     * certificates in $caFile (PEM) or, without one, the system's roots.
     */
    public static function connect(string $address, bool $tls = false, ?string $caFile = null): self
    {
        if ($caFile !== null) {
            $pem = @file_get_contents($caFile);
            if ($pem === false) {
                throw new \InvalidArgumentException("cannot read CA file $caFile");
            }
            $credentials = ChannelCredentials::createSsl($pem);
        } else {
            $credentials = $tls ? ChannelCredentials::createSsl() : ChannelCredentials::createInsecure();
        }
        // One channel (connection) for both services.
        $channel = new Channel($address, ['credentials' => $credentials]);
        return new self(new PushServiceClient($address, [], $channel), new ChannelServiceClient($address, [], $channel));
    }

    /** The generated stub, for calls this class does not wrap. */
    public function stub(): PushServiceClient
    {
        return $this->stub;
    }

    /**
     * Sends one notification (one or many device tokens) and returns one result per token, in token order.
     *
     * @param float|null $timeout seconds until the call is abandoned with DEADLINE_EXCEEDED
     * @return list<DeliveryResult>
     * @throws GrpcException when the call fails as a whole (e.g. INVALID_ARGUMENT, UNAVAILABLE)
     */
    public function send(Notification $notification, ?float $timeout = null): array
    {
        $response = self::wait($this->stub->Send(new SendRequest(['notification' => $notification]), [],
            self::callOptions($timeout)));
        return iterator_to_array($response->getResults(), false);
    }

    /**
     * Sends one broadcast, a notification addressed to a channel (see LiveActivity::broadcast()), and returns its
     * one result, which echoes the channel id and carries APNs's apns-request-id. A broadcast the gateway refuses
     * comes back as an INVALID result.
     *
     * @throws GrpcException when the call fails as a whole
     * @throws \UnexpectedValueException when the gateway does not answer with exactly one result
     */
    public function broadcast(Notification $notification, ?float $timeout = null): DeliveryResult
    {
        $results = $this->send($notification, $timeout);
        if (count($results) !== 1) { // the contract promises one for a notification without device tokens
            throw new \UnexpectedValueException('a broadcast got ' . count($results) . ' results, expected 1');
        }
        return $results[0];
    }

    // Broadcast channels. Like notifications, these report what APNs answered in a ChannelResult (ACCEPTED; REJECTED
    // with a reason such as "ChannelNotRegistered"; FAILED; INVALID) and throw only when the call fails as a whole.

    /**
     * Creates a broadcast channel; getChannel() holds its APNs-assigned id when the result is ACCEPTED.
     *
     * @param int $policy a MessageStoragePolicy value
     */
    public function createChannel(string $app, int $policy, ?float $timeout = null): CreateChannelResponse
    {
        return self::wait($this->channels()->CreateChannel(
            new CreateChannelRequest(['app' => $app, 'message_storage_policy' => $policy]), [],
            self::callOptions($timeout)));
    }

    /** Reads a channel's configuration (getChannel(), when the result is ACCEPTED). */
    public function getChannel(string $app, string $channelId, ?float $timeout = null): GetChannelResponse
    {
        return self::wait($this->channels()->GetChannel(
            new GetChannelRequest(['app' => $app, 'channel_id' => $channelId]), [], self::callOptions($timeout)));
    }

    /** Deletes a channel for good. */
    public function deleteChannel(string $app, string $channelId, ?float $timeout = null): ChannelResult
    {
        return self::wait($this->channels()->DeleteChannel(
            new DeleteChannelRequest(['app' => $app, 'channel_id' => $channelId]), [], self::callOptions($timeout)))
            ->getResult();
    }

    /** Lists the ids of all of the app's channels (getChannelIds(), when the result is ACCEPTED). */
    public function listChannels(string $app, ?float $timeout = null): ListChannelsResponse
    {
        return self::wait($this->channels()->ListChannels(new ListChannelsRequest(['app' => $app]), [],
            self::callOptions($timeout)));
    }

    /** The generated ChannelService stub. */
    public function channels(): ChannelServiceClient
    {
        return $this->channels ?? throw new \LogicException(
            'this PushClient has no ChannelServiceClient: create it with PushClient::connect() or pass one');
    }

    /**
     * Streams notifications through SendStream and yields every result as notification => result, as APNs
     * answers (in any order).
     *
     * At most $window notifications are in flight (sent, not all results back): the generator reads results before
     * it writes more. Results are matched to notifications by id, so ids must be unique among the notifications in
     * flight; a notification without an id gets "n<position>" (1-based). With the curl transport, results that have
     * already arrived are also handed over between writes; with ext-grpc, reads happen when the window is full
     * and after the last notification. Keep $window at or below the gateway's MaxInFlightPerStream (1000 by default).
     *
     * @param iterable<Notification> $notifications
     * @param float|null $timeout seconds for the whole stream
     * @return \Generator<Notification|null, DeliveryResult> the key is null for a result whose id matches no notification
     * @throws GrpcException when the stream ends with an error status (after yielding the results received before)
     */
    public function sendStream(iterable $notifications, int $window = 1000, ?float $timeout = null): \Generator
    {
        if ($window < 1) {
            throw new \InvalidArgumentException('window must be at least 1');
        }
        $call = $this->stub->SendStream([], self::callOptions($timeout));
        $canPoll = method_exists($call, 'tryRead'); // the curl transport's non-blocking read
        /** @var array<string, array{Notification, int}> $pending id => [notification, results still expected] */
        $pending = [];
        $position = 0;
        $ended = false; // the server ended the call before we finished writing
        $complete = false;

        // Book-keeping for one result: which notification it belongs to, and whether that one is complete.
        $match = static function (DeliveryResult $result) use (&$pending): ?Notification {
            $id = $result->getNotificationId();
            if (!isset($pending[$id])) {
                return null;
            }
            [$notification, $remaining] = $pending[$id];
            if (--$remaining > 0) {
                $pending[$id][1] = $remaining;
            } else {
                unset($pending[$id]);
            }
            return $notification;
        };

        try {
            foreach ($notifications as $notification) {
                $position++;
                if ($notification->getId() === '') {
                    $notification->setId('n' . $position);
                }
                $id = $notification->getId();
                // Make room: wait for results while the window is full.
                while (count($pending) >= $window) {
                    $response = $call->read();
                    if ($response === null) {
                        $ended = true;
                        break 2;
                    }
                    yield $match($response->getResult()) => $response->getResult();
                }
                if (isset($pending[$id])) {
                    throw new \InvalidArgumentException("notification id $id is already in flight");
                }
                // One result per device token, or one for a notification without: a broadcast's, or an INVALID one.
                $pending[$id] = [$notification, max(1, count($notification->getDeviceTokens()))];
                $call->write(new SendStreamRequest(['notification' => $notification]));
                if ($canPoll) {
                    while (($response = $call->tryRead()) !== null) {
                        yield $match($response->getResult()) => $response->getResult();
                    }
                }
            }
            if (!$ended) {
                $call->writesDone();
            }
            // The server writes every pending result after the half-close, then ends the call.
            while (($response = $call->read()) !== null) {
                yield $match($response->getResult()) => $response->getResult();
            }
            $status = $call->getStatus();
            $complete = true;
        } finally {
            // An exception, or the caller stopped iterating: do not leave the call open.
            if (!$complete) {
                $call->cancel();
            }
        }
        if ($status->code !== \Grpc\STATUS_OK) {
            throw GrpcException::fromStatus($status);
        }
        if ($ended) {
            throw new GrpcException(\Grpc\STATUS_INTERNAL, 'the server ended SendStream before every notification was sent');
        }
    }

    /** Closes the connection. */
    public function close(): void
    {
        $this->stub->close();
    }

    /**
     * Waits for a unary call's response.
     *
     * @throws GrpcException when the call did not end with OK
     */
    private static function wait(\Grpc\UnaryCall $call): mixed
    {
        [$response, $status] = $call->wait();
        if ($status->code !== \Grpc\STATUS_OK) {
            throw GrpcException::fromStatus($status);
        }
        return $response;
    }

    /** @return array<string, mixed> call options in ext-grpc's form (timeout in microseconds) */
    private static function callOptions(?float $timeout): array
    {
        return $timeout === null ? [] : ['timeout' => (int) round($timeout * 1_000_000)];
    }
}
