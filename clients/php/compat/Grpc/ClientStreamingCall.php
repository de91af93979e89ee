<?php

declare(strict_types=1);

namespace Grpc;

/** A stream of requests, one response: write() each, then wait() returns [$response or null, $status]. */
class ClientStreamingCall extends AbstractCall
{
    /** @param array<string, string|list<string>> $metadata */
    public function start(array $metadata = []): void
    {
        $this->startStream($metadata);
    }

    /** @param array<string, mixed> $options unused ('flags' is ext-grpc's write flags) */
    public function write(mixed $data, array $options = []): void
    {
        $this->stream->write($this->_serializeMessage($data));
    }

    /** Half-closes the request stream and waits for the response. */
    public function wait(): array
    {
        $this->stream->writesDone();
        $response = $this->stream->read();
        $status = $this->finish();
        return [$status->code === STATUS_OK ? $this->_deserializeResponse($response) : null, $status];
    }
}
