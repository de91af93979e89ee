<?php

declare(strict_types=1);

namespace Grpc;

/**
 * Base of the generated *Client classes, with grpc/grpc's constructor and request methods, on the curl transport.
 *
 *   new PushServiceClient('localhost:50051', ['credentials' => ChannelCredentials::createInsecure()]);
 *
 * $opts: 'credentials' (required, as in grpc/grpc), 'update_metadata' (callable($metadata, $jwtAudience) returning
 * the metadata for each call), and the Channel args. Interceptors and connectivity watching are not provided.
 */
class BaseStub
{
    private Channel $channel;
    /** @var callable|null */
    private $updateMetadata = null;

    /** @param array<string, mixed> $opts */
    public function __construct(string $hostname, array $opts, ?Channel $channel = null)
    {
        if (isset($opts['update_metadata']) && is_callable($opts['update_metadata'])) {
            $this->updateMetadata = $opts['update_metadata'];
        }
        unset($opts['update_metadata']);
        if ($channel === null && !array_key_exists('credentials', $opts)) {
            throw new \InvalidArgumentException("The opts['credentials'] key is required. "
                . 'Please see one of the ChannelCredentials::create methods');
        }
        $this->channel = $channel ?? new Channel($hostname, $opts);
    }

    public function getTarget(): string
    {
        return $this->channel->getTarget();
    }

    /** Closes the channel (cancelling its calls in progress). */
    public function close(): void
    {
        $this->channel->close();
    }

    /** @param array<string, string|list<string>> $metadata */
    protected function _simpleRequest(string $method, mixed $argument, mixed $deserialize,
        array $metadata = [], array $options = []): UnaryCall
    {
        $call = new UnaryCall($this->channel, $method, $deserialize, $options);
        $call->start($argument, $this->metadataFor($method, $metadata), $options);
        return $call;
    }

    /** @param array<string, string|list<string>> $metadata */
    protected function _clientStreamRequest(string $method, mixed $deserialize,
        array $metadata = [], array $options = []): ClientStreamingCall
    {
        $call = new ClientStreamingCall($this->channel, $method, $deserialize, $options);
        $call->start($this->metadataFor($method, $metadata));
        return $call;
    }

    /** @param array<string, string|list<string>> $metadata */
    protected function _serverStreamRequest(string $method, mixed $argument, mixed $deserialize,
        array $metadata = [], array $options = []): ServerStreamingCall
    {
        $call = new ServerStreamingCall($this->channel, $method, $deserialize, $options);
        $call->start($argument, $this->metadataFor($method, $metadata), $options);
        return $call;
    }

    /** @param array<string, string|list<string>> $metadata */
    protected function _bidiRequest(string $method, mixed $deserialize,
        array $metadata = [], array $options = []): BidiStreamingCall
    {
        $call = new BidiStreamingCall($this->channel, $method, $deserialize, $options);
        $call->start($this->metadataFor($method, $metadata));
        return $call;
    }

    /**
     * Applies update_metadata and validates the keys as grpc/grpc does (lower-cased; letters, digits, . _ -).
     *
     * @param array<string, string|list<string>> $metadata
     * @return array<string, string|list<string>>
     */
    private function metadataFor(string $method, array $metadata): array
    {
        if ($this->updateMetadata !== null) {
            // grpc/grpc passes the JWT audience: https://<host><service path>.
            $host = preg_replace(['#^dns:(//[^/]*/)?#', '/:443$/'], '', $this->getTarget());
            $audience = 'https://' . $host . substr($method, 0, (int) strrpos($method, '/'));
            $metadata = ($this->updateMetadata)($metadata, $audience);
        }
        $normalized = [];
        foreach ($metadata as $key => $value) {
            if (preg_match('/^[.A-Za-z\d_-]+$/', (string) $key) !== 1) {
                throw new \InvalidArgumentException('Metadata keys must be nonempty strings containing only '
                    . 'alphanumeric characters, hyphens, underscores and dots');
            }
            $normalized[strtolower((string) $key)] = $value;
        }
        return $normalized;
    }
}
