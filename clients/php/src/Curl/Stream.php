<?php

declare(strict_types=1);

namespace PushGrpc\Client\Curl;

/**
 * One gRPC call on a Connection: one curl easy handle, one HTTP/2 stream.
 *
 * Request side: write() appends a length-prefixed message to a send buffer that curl drains through the
 * READFUNCTION. When the buffer is empty the READFUNCTION answers CURL_READFUNC_PAUSE, and the next write() resumes
 * the upload with curl_pause(CURLPAUSE_CONT); writesDone() makes it answer "" (end of body = END_STREAM).
 *
 * Response side: the WRITEFUNCTION appends DATA to a receive buffer and cuts complete messages out of it; the
 * HEADERFUNCTION collects the response headers and, after the blank line that ends them, the trailers, where gRPC
 * puts grpc-status and grpc-message (a Trailers-Only response, used for errors, puts them in the headers).
 *
 * gRPC message framing: 1 byte compressed-flag, 4 bytes big-endian length, the protobuf bytes. We never ask for
 * compression (no grpc-accept-encoding), so a compressed message from the server is a protocol error.
 *
 * @internal used by the \Grpc compatibility classes in compat/
 */
final class Stream
{
    /** write() blocks (driving the transfer) while more than this many request bytes are not yet taken by curl. */
    private const SEND_HIGH_WATER = 256 * 1024;

    /** libcurl's CURLE_HTTP2_STREAM (the server reset the stream), which PHP does not define. */
    private const CURLE_HTTP2_STREAM = 92;

    /** Consumed bytes at the start of a buffer are cut off once there are this many. */
    private const COMPACT_AT = 64 * 1024;

    private string $sendBuffer = '';
    private int $sendOffset = 0;
    private bool $sendClosed = false;
    private bool $uploadPaused = false;
    private bool $bodyEnded = false;
    /** grpc-status has arrived (in the trailers, or in the headers of a Trailers-Only response). */
    private bool $statusReceived = false;

    private string $receiveBuffer = '';
    private int $receiveOffset = 0;
    /** @var \SplQueue<string> complete response messages not yet read */
    private \SplQueue $messages;

    private ?string $httpVersion = null;
    private ?int $httpStatus = null;
    private bool $headersDone = false;
    /** @var array<string, list<string>> */
    private array $headers = [];
    /** @var array<string, list<string>> */
    private array $trailers = [];

    /** The final status ({code, details, metadata}); set once, when the call ends for any reason. */
    private ?\stdClass $status = null;

    public function __construct(
        private readonly Connection $connection,
        private ?\CurlHandle $handle,
        private readonly int $maxReceiveBytes,
    ) {
        $this->messages = new \SplQueue();
    }

    // ---- request side ----------------------------------------------------------------------------------------

    /**
     * Queues one serialized message. Returns once curl has taken all but SEND_HIGH_WATER bytes of the queue, so
     * a caller who writes faster than the server reads (HTTP/2 flow control) is held back here, as ext-grpc's
     * blocking write holds it. Responses keep being received meanwhile, so this cannot deadlock against a server
     * that stops reading until its responses are consumed.
     */
    public function write(string $message): void
    {
        if ($this->sendClosed) {
            throw new \LogicException('write() after writesDone()');
        }
        if ($this->status !== null) {
            return; // The call is over; like ext-grpc, the message is dropped and getStatus() tells why.
        }
        $this->sendBuffer .= "\0" . pack('N', strlen($message)) . $message;
        $this->resumeUpload();
        $this->connection->perform();
        if ($this->unsentBytes() > self::SEND_HIGH_WATER) {
            $this->connection->runUntil(fn (): bool => $this->status !== null
                || $this->unsentBytes() <= self::SEND_HIGH_WATER);
        }
    }

    /**
     * For a call with exactly one request message: returns its frame, which the Connection hands to curl as the
     * whole request body (CURLOPT_POSTFIELDS), and marks the request side as complete.
     */
    public function preload(string $message): string
    {
        $this->sendClosed = true;
        $this->bodyEnded = true;
        return "\0" . pack('N', strlen($message)) . $message;
    }

    /** Half-closes the call: once the queued messages are sent, the request body ends (END_STREAM). */
    public function writesDone(): void
    {
        if (!$this->sendClosed) {
            $this->sendClosed = true;
            $this->resumeUpload();
            $this->connection->perform();
        }
    }

    /**
     * True when the server has ended the call (its status is in) while our request side is still open -- a
     * stream the server ends early, e.g. with an error. libcurl 7.88 does not complete such a transfer by
     * itself while the upload is paused: it waits for the upload to end first. The Connection ends it for us
     * (see Connection::perform()).
     */
    public function endedByServerFirst(): bool
    {
        return $this->statusReceived && !$this->bodyEnded;
    }

    public function hasUnsentBytes(): bool
    {
        return $this->unsentBytes() > 0 || ($this->sendClosed && !$this->bodyEnded);
    }

    // ---- response side ---------------------------------------------------------------------------------------

    /** The next response message, waiting for it; null when the call has ended without another one. */
    public function read(): ?string
    {
        $this->connection->runUntil(fn (): bool => !$this->messages->isEmpty() || $this->status !== null);
        return $this->messages->isEmpty() ? null : $this->messages->dequeue();
    }

    /** A response message that has already arrived, without waiting; null when there is none (yet). */
    public function tryRead(): ?string
    {
        if ($this->messages->isEmpty()) {
            $this->connection->perform();
        }
        return $this->messages->isEmpty() ? null : $this->messages->dequeue();
    }

    /** @return array<string, list<string>> the response headers (initial metadata), waiting for them */
    public function headers(): array
    {
        $this->connection->runUntil(fn (): bool => $this->headersDone || $this->status !== null);
        return self::metadata($this->headers);
    }

    /** The call's final status, waiting for the call to end. Unread response messages stay readable. */
    public function status(): \stdClass
    {
        $this->connection->runUntil(fn (): bool => $this->status !== null);
        return $this->status ?? $this->makeStatus(\Grpc\STATUS_INTERNAL, 'transport stopped before the call ended');
    }

    /** Ends the call now (RST_STREAM) with CANCELLED, unless it has already ended. */
    public function cancel(): void
    {
        $this->fail(\Grpc\STATUS_CANCELLED, 'Cancelled');
        if ($this->handle !== null) {
            $this->connection->detach($this->handle);
            $this->handle = null;
        }
    }

    /** Sets the final status, unless one is set already. */
    public function fail(int $code, string $details): void
    {
        $this->status ??= $this->makeStatus($code, $details);
    }

    // ---- called by Connection --------------------------------------------------------------------------------

    /**
     * The transfer is over (curl reported CURLMSG_DONE and the handle is detached): settle the status from the
     * trailers, the HTTP status or the curl error.
     */
    public function finished(int $curlCode, string $curlError): void
    {
        $this->handle = null;
        if ($this->status !== null) {
            return; // Cancelled, or aborted by a callback with a status of its own.
        }
        // Normally the status is in the trailers; a Trailers-Only response (an error before any message) carries it
        // in the headers.
        $fields = isset($this->trailers['grpc-status']) ? $this->trailers : $this->headers;
        $grpcStatus = $fields['grpc-status'][0] ?? null;
        if ($grpcStatus !== null && ctype_digit($grpcStatus)) {
            $message = $fields['grpc-message'][0] ?? '';
            // grpc-message is percent-encoded (UTF-8); rawurldecode, unlike urldecode, leaves '+' alone.
            $this->status = $this->makeStatus((int) $grpcStatus, rawurldecode($message));
            if ($this->status->code === \Grpc\STATUS_OK && $this->unparsedBytes() > 0) {
                $this->status = $this->makeStatus(\Grpc\STATUS_INTERNAL, 'response ended inside a message');
            }
            return;
        }
        if ($curlCode === CURLE_OPERATION_TIMEDOUT) {
            $this->status = $this->makeStatus(\Grpc\STATUS_DEADLINE_EXCEEDED, 'Deadline Exceeded');
        } elseif ($curlCode === self::CURLE_HTTP2_STREAM && preg_match('/\(err (\d+)\)/', $curlError, $m) === 1) {
            // The server reset the stream (RST_STREAM) without a status: gRPC maps the HTTP/2 error code.
            $this->status = $this->makeStatus(self::codeForResetStream((int) $m[1]), $curlError);
        } elseif ($curlCode !== CURLE_OK) {
            // Connection refused, TLS failure, connection lost, ...: the server could not be reached or went away.
            $this->status = $this->makeStatus(\Grpc\STATUS_UNAVAILABLE, $curlError !== '' ? $curlError : curl_strerror($curlCode));
        } elseif ($this->httpVersion !== null && $this->httpVersion !== '2') {
            $this->status = $this->makeStatus(\Grpc\STATUS_UNAVAILABLE,
                "server answered with HTTP/{$this->httpVersion}; gRPC needs HTTP/2");
        } elseif ($this->httpStatus !== null && $this->httpStatus !== 200) {
            $this->status = $this->makeStatus(self::codeForHttpStatus($this->httpStatus),
                "HTTP status {$this->httpStatus} without grpc-status");
        } else {
            $this->status = $this->makeStatus(\Grpc\STATUS_INTERNAL, 'server ended the call without grpc-status');
        }
    }

    // ---- curl callbacks (must not throw: curl is in the middle of a transfer) ---------------------------------

    /** CURLOPT_READFUNCTION: hands curl the next request bytes. */
    public function onRead(\CurlHandle $handle, mixed $unused, int $length): string|int
    {
        $available = strlen($this->sendBuffer) - $this->sendOffset;
        if ($available > 0) {
            $chunk = substr($this->sendBuffer, $this->sendOffset, $length);
            $this->sendOffset += strlen($chunk);
            if ($this->sendOffset === strlen($this->sendBuffer)) {
                $this->sendBuffer = '';
                $this->sendOffset = 0;
            } elseif ($this->sendOffset >= self::COMPACT_AT) {
                $this->sendBuffer = substr($this->sendBuffer, $this->sendOffset);
                $this->sendOffset = 0;
            }
            return $chunk;
        }
        if ($this->sendClosed) {
            $this->bodyEnded = true;
            return ''; // End of the request body: curl sends END_STREAM.
        }
        // Nothing to send yet: pause the upload until write() or writesDone() resumes it.
        $this->uploadPaused = true;
        return CURL_READFUNC_PAUSE;
    }

    /** CURLOPT_WRITEFUNCTION: takes response DATA and cuts complete messages out of it. */
    public function onWrite(\CurlHandle $handle, string $data): int
    {
        $this->receiveBuffer .= $data;
        while (($available = strlen($this->receiveBuffer) - $this->receiveOffset) >= 5) {
            $flag = ord($this->receiveBuffer[$this->receiveOffset]);
            $length = unpack('N', $this->receiveBuffer, $this->receiveOffset + 1)[1];
            if ($flag !== 0) {
                // Returning a short count makes curl abort the transfer (CURLE_WRITE_ERROR); the status set here wins.
                $this->fail(\Grpc\STATUS_INTERNAL, 'received a compressed message, but no compression was negotiated');
                return 0;
            }
            if ($length > $this->maxReceiveBytes) {
                $this->fail(\Grpc\STATUS_RESOURCE_EXHAUSTED,
                    "Received message larger than max ($length vs. {$this->maxReceiveBytes})");
                return 0;
            }
            if ($available < 5 + $length) {
                break; // The rest of this message is still on its way.
            }
            $this->messages->enqueue(substr($this->receiveBuffer, $this->receiveOffset + 5, $length));
            $this->receiveOffset += 5 + $length;
        }
        if ($this->receiveOffset === strlen($this->receiveBuffer)) {
            $this->receiveBuffer = '';
            $this->receiveOffset = 0;
        } elseif ($this->receiveOffset >= self::COMPACT_AT) {
            $this->receiveBuffer = substr($this->receiveBuffer, $this->receiveOffset);
            $this->receiveOffset = 0;
        }
        return strlen($data);
    }

    /**
     * CURLOPT_HEADERFUNCTION: one header line at a time. curl passes the status line, the response headers, a blank
     * line, and then (HTTP/2 trailers) the trailer fields.
     */
    public function onHeader(\CurlHandle $handle, string $line): int
    {
        $length = strlen($line);
        $line = rtrim($line, "\r\n");
        if (str_starts_with($line, 'HTTP/')) {
            // "HTTP/2 200"
            $parts = explode(' ', $line, 3);
            $this->httpVersion = substr($parts[0], 5);
            $this->httpStatus = (int) ($parts[1] ?? 0);
            return $length;
        }
        if ($line === '') {
            // Informational (1xx) responses have their own header block; the real one follows.
            if ($this->httpStatus !== null && $this->httpStatus >= 200) {
                $this->headersDone = true;
            }
            return $length;
        }
        $colon = strpos($line, ':');
        if ($colon !== false) {
            $name = strtolower(trim(substr($line, 0, $colon)));
            $value = trim(substr($line, $colon + 1));
            if (str_ends_with($name, '-bin')) {
                // Binary metadata travels base64-encoded (padding optional).
                $value = (string) base64_decode($value, false);
            }
            if ($this->headersDone) {
                $this->trailers[$name][] = $value;
            } else {
                $this->headers[$name][] = $value;
            }
            if ($name === 'grpc-status') {
                $this->statusReceived = true;
            }
        }
        return $length;
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private function resumeUpload(): void
    {
        if ($this->uploadPaused && $this->handle !== null) {
            // Cleared first: curl may call the READFUNCTION from inside curl_pause, and that may pause again.
            $this->uploadPaused = false;
            curl_pause($this->handle, CURLPAUSE_CONT);
        }
    }

    private function unsentBytes(): int
    {
        return strlen($this->sendBuffer) - $this->sendOffset;
    }

    private function unparsedBytes(): int
    {
        return strlen($this->receiveBuffer) - $this->receiveOffset;
    }

    private function makeStatus(int $code, string $details): \stdClass
    {
        $status = new \stdClass();
        $status->code = $code;
        $status->details = $details;
        // Trailing metadata: the trailers, or the headers of a Trailers-Only response.
        $status->metadata = self::metadata(isset($this->headers['grpc-status']) ? $this->headers : $this->trailers);
        return $status;
    }

    /**
     * Header fields as metadata: without the ones gRPC itself uses, as ext-grpc hands them over.
     *
     * @param array<string, list<string>> $fields
     * @return array<string, list<string>>
     */
    private static function metadata(array $fields): array
    {
        unset($fields['content-type'], $fields['grpc-status'], $fields['grpc-message'], $fields['grpc-encoding'],
            $fields['grpc-accept-encoding']);
        return $fields;
    }

    /** gRPC's mapping of RST_STREAM error codes (doc/PROTOCOL-HTTP2.md, "Errors"). */
    private static function codeForResetStream(int $http2Error): int
    {
        return match ($http2Error) {
            7 => \Grpc\STATUS_UNAVAILABLE,       // REFUSED_STREAM: not processed, safe to retry
            8 => \Grpc\STATUS_CANCELLED,         // CANCEL
            11 => \Grpc\STATUS_RESOURCE_EXHAUSTED, // ENHANCE_YOUR_CALM
            12 => \Grpc\STATUS_PERMISSION_DENIED, // INADEQUATE_SECURITY
            default => \Grpc\STATUS_INTERNAL,
        };
    }

    /** gRPC's mapping of HTTP statuses for responses that carry no grpc-status (doc/http-grpc-status-mapping.md). */
    private static function codeForHttpStatus(int $httpStatus): int
    {
        return match ($httpStatus) {
            400 => \Grpc\STATUS_INTERNAL,
            401 => \Grpc\STATUS_UNAUTHENTICATED,
            403 => \Grpc\STATUS_PERMISSION_DENIED,
            404 => \Grpc\STATUS_UNIMPLEMENTED,
            429, 502, 503, 504 => \Grpc\STATUS_UNAVAILABLE,
            default => \Grpc\STATUS_UNKNOWN,
        };
    }
}
