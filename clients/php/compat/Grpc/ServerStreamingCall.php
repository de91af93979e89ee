<?php

declare(strict_types=1);

namespace Grpc;

/** One request, a stream of responses: foreach ($call->responses() as $response), then getStatus(). */
class ServerStreamingCall extends AbstractCall
{
    /**
     * @param array<string, string|list<string>> $metadata
     * @param array<string, mixed> $options unused ('flags' is ext-grpc's write flags)
     */
    public function start(mixed $data, array $metadata = [], array $options = []): void
    {
        $this->startStream($metadata, $this->_serializeMessage($data));
    }

    /** @return \Generator<mixed> the responses as they arrive */
    public function responses(): \Generator
    {
        while (($message = $this->stream->read()) !== null) {
            yield $this->_deserializeResponse($message);
        }
    }

    public function getStatus(): \stdClass
    {
        return $this->finish();
    }
}
