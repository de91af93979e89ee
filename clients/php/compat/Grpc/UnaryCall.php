<?php

declare(strict_types=1);

namespace Grpc;

/** One request, one response: $call->wait() returns [$response or null, $status]. */
class UnaryCall extends AbstractCall
{
    /**
     * @param array<string, string|list<string>> $metadata
     * @param array<string, mixed> $options unused ('flags' is ext-grpc's write flags)
     */
    public function start(mixed $data, array $metadata = [], array $options = []): void
    {
        $this->startStream($metadata, $this->_serializeMessage($data));
    }

    /** @return array{0: mixed, 1: \stdClass} [response (null unless the call succeeded), status {code, details, metadata}] */
    public function wait(): array
    {
        $response = $this->stream->read();
        $status = $this->finish();
        $this->getMetadata();
        return [$status->code === STATUS_OK ? $this->_deserializeResponse($response) : null, $status];
    }
}
