<?php

declare(strict_types=1);

namespace Grpc;

use PushGrpc\Client\Curl\Stream;

/** Base of the four call classes, as in grpc/grpc; the call runs on a curl Stream instead of an ext-grpc Call. */
abstract class AbstractCall
{
    protected ?Stream $stream = null;
    /** @var array<string, list<string>>|null */
    protected ?array $metadata = null;
    /** @var array<string, list<string>>|null */
    protected ?array $trailing_metadata = null;

    /**
     * @param string $method "/package.Service/Method"
     * @param callable|array{string, string} $deserialize [class, method] as the generated stubs pass it, or a callable
     * @param array<string, mixed> $options 'timeout' (microseconds), 'call_credentials_callback'
     */
    public function __construct(
        protected Channel $channel,
        protected string $method,
        protected mixed $deserialize,
        protected array $options = [],
    ) {
    }

    /** @return array<string, list<string>>|null the response headers (initial metadata) */
    public function getMetadata(): ?array
    {
        if ($this->metadata === null && $this->stream !== null) {
            $this->metadata = $this->stream->headers();
        }
        return $this->metadata;
    }

    /** @return array<string, list<string>>|null the trailers, once the status has been received */
    public function getTrailingMetadata(): ?array
    {
        return $this->trailing_metadata;
    }

    public function getPeer(): string
    {
        return $this->channel->getTarget();
    }

    /** Ends the call now; its status becomes CANCELLED. */
    public function cancel(): void
    {
        $this->stream?->cancel();
    }

    /**
     * @param array<string, string|list<string>> $metadata
     * @param string|null $onlyMessage the request of a unary or server-streaming call, sent with the half-close
     */
    protected function startStream(array $metadata, ?string $onlyMessage = null): Stream
    {
        return $this->stream = $this->channel->startCall($this->method, $metadata, $this->options, $onlyMessage);
    }

    protected function _serializeMessage(mixed $data): string
    {
        return method_exists($data, 'serializeToString') ? $data->serializeToString() : $data->encode();
    }

    protected function _deserializeResponse(?string $value): mixed
    {
        if ($value === null) {
            return null;
        }
        if (is_array($this->deserialize)) {
            // The generated stubs pass ['\Pkg\Msg', 'decode']; protobuf's Message has mergeFromString instead.
            [$class, $function] = $this->deserialize;
            $message = new $class();
            method_exists($message, $function) ? $message->$function($value) : $message->mergeFromString($value);
            return $message;
        }
        return ($this->deserialize)($value);
    }

    protected function finish(): \stdClass
    {
        $status = $this->stream->status();
        $this->trailing_metadata = $status->metadata;
        return $status;
    }
}
