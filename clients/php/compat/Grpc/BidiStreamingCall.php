<?php

declare(strict_types=1);

namespace Grpc;

/**
 * Streams both ways: write() requests and read() responses in any order, writesDone() to half-close, getStatus()
 * at the end.
 *
 * Beyond ext-grpc's API, tryRead() returns a response that has already arrived without waiting (null if none):
 * PHP has no threads, so this is how one loop can keep writing while it collects responses.
 */
class BidiStreamingCall extends AbstractCall
{
    /** @param array<string, string|list<string>> $metadata */
    public function start(array $metadata = []): void
    {
        $this->startStream($metadata);
    }

    /** The next response, waiting for it; null once the server has ended the call. */
    public function read(): mixed
    {
        return $this->_deserializeResponse($this->stream->read());
    }

    /** A response that has already arrived, or null without waiting. Check getStatus() once read() gives null. */
    public function tryRead(): mixed
    {
        return $this->_deserializeResponse($this->stream->tryRead());
    }

    /**
     * Sends one request. Blocks only while HTTP/2 flow control holds back earlier requests (responses are still
     * received meanwhile). Cannot be called after writesDone().
     *
     * @param array<string, mixed> $options unused ('flags' is ext-grpc's write flags)
     */
    public function write(mixed $data, array $options = []): void
    {
        $this->stream->write($this->_serializeMessage($data));
    }

    /** Half-closes: no more requests; responses keep coming until the server ends the call. */
    public function writesDone(): void
    {
        $this->stream->writesDone();
    }

    /** The final status {code, details, metadata}, waiting for the server to end the call. */
    public function getStatus(): \stdClass
    {
        return $this->finish();
    }
}
