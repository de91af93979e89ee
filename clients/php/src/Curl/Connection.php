<?php

declare(strict_types=1);

namespace PushGrpc\Client\Curl;

/**
 * The HTTP/2 transport of one Channel (h2c or TLS), driven by curl_multi. Every gRPC call is one curl easy handle,
 * i.e. one HTTP/2 stream; CURLPIPE_MULTIPLEX makes curl put the calls on one TCP connection (except h2c on
 * libcurl < 7.89, see \Grpc\Channel).
 *
 * PHP has no event loop, so nothing happens on the wire unless someone calls perform(). The blocking operations of
 * the calls (read, wait, getStatus, a write that has to wait for flow control) loop over perform() and select()
 * until their condition holds; while they do, every other call of this Connection makes progress too.
 *
 * @internal used by the \Grpc compatibility classes in compat/
 */
final class Connection
{
    /**
     * How long select() waits while a call has request bytes that curl has not taken yet (held back by flow
     * control, or a resumed upload): libcurl 7.88 may only pick a resumed upload up on its next timeout, and
     * curl_multi_select does not wake up for it, so a short select keeps such uploads moving.
     */
    private const UPLOAD_POLL_SECONDS = 0.002;

    /** Longest select() when nothing is waiting to be sent; curl's own timers (deadlines) still cut it short. */
    private const IDLE_POLL_SECONDS = 0.2;

    private ?\CurlMultiHandle $multi = null;

    /** @var array<int, Stream> the calls in progress, by spl_object_id() of their easy handle */
    private array $streams = [];
    /** @var array<int, \CurlHandle> their easy handles, by the same key */
    private array $handles = [];

    /**
     * @param string $baseUrl     "http://host:port" (h2c) or "https://host:port" (TLS)
     * @param array<int, mixed> $curlOptions options for every easy handle (TLS trust, connect-to, ...)
     */
    public function __construct(private readonly string $baseUrl, private readonly array $curlOptions)
    {
    }

    public function baseUrl(): string
    {
        return $this->baseUrl;
    }

    /**
     * Starts a call: sends the request headers, and the request body as the Stream is fed.
     *
     * @param string $path    "/package.Service/Method"
     * @param list<string> $headers extra request header lines ("name: value")
     * @param int|null $timeoutMs the call's deadline, relative; null for none
     * @param string|null $onlyMessage for unary and server-streaming calls: the one request message, sent together
     *                                 with the end of the request (see Stream::preload())
     */
    public function open(string $path, array $headers, ?int $timeoutMs, int $maxReceiveBytes,
        ?string $onlyMessage = null): Stream
    {
        if ($this->multi === null) {
            $this->multi = curl_multi_init();
            // Multiplex all calls over one connection, as a gRPC channel does.
            curl_multi_setopt($this->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        }
        $handle = curl_init($this->baseUrl . $path);
        $stream = new Stream($this, $handle, $maxReceiveBytes);
        $options = $this->curlOptions + [
            // POST with a body read from the READFUNCTION (unless CURLOPT_POSTFIELDS below): its length is
            // unknown, which on HTTP/2 simply means DATA frames until END_STREAM. Do not set CURLOPT_UPLOAD=false
            // afterwards: curl turns that into a GET.
            CURLOPT_POST => true,
            CURLOPT_HTTPHEADER => array_merge([
                'content-type: application/grpc',
                // Required by gRPC: proxies must not strip the trailers that carry the status.
                'te: trailers',
                // curl would otherwise send "Expect: 100-continue" and wait for an answer before the body.
                'expect:',
                // curl adds "transfer-encoding: chunked" to a POST of unknown length on HTTP/1.1; it is
                // meaningless on HTTP/2, so keep it out of the request.
                'transfer-encoding:',
            ], $headers),
            CURLOPT_READFUNCTION => $stream->onRead(...),
            CURLOPT_WRITEFUNCTION => $stream->onWrite(...),
            CURLOPT_HEADERFUNCTION => $stream->onHeader(...),
            // Wait for the connection being set up by another call and multiplex on it, instead of opening a
            // second one.
            CURLOPT_PIPEWAIT => true,
            CURLOPT_TCP_NODELAY => true,
            CURLOPT_NOSIGNAL => true,
        ];
        if ($onlyMessage !== null) {
            // The whole body up front: curl then knows its length and sets END_STREAM on the DATA frame itself.
            // Needed, not just faster: libcurl 7.88 loses the response headers and messages when the server ends
            // the call while the request is still open (only the trailers get through), and servers may answer a
            // unary call as soon as its message is in, before a separate END_STREAM would follow.
            $options[CURLOPT_POSTFIELDS] = $stream->preload($onlyMessage);
        }
        if ($timeoutMs !== null) {
            // curl enforces the deadline (CURLE_OPERATION_TIMEDOUT -> DEADLINE_EXCEEDED); the grpc-timeout header
            // lets the server give up at the same time.
            $options[CURLOPT_TIMEOUT_MS] = max(1, $timeoutMs);
        }
        curl_setopt_array($handle, $options);
        $this->streams[spl_object_id($handle)] = $stream;
        $this->handles[spl_object_id($handle)] = $handle;
        curl_multi_add_handle($this->multi, $handle);
        $this->perform();
        return $stream;
    }

    /**
     * Lets curl do all the work it can without blocking: send queued request bytes, take in response bytes (which
     * the Streams buffer and decode), and report finished calls.
     */
    public function perform(): void
    {
        if ($this->multi === null) {
            return;
        }
        do {
            $code = curl_multi_exec($this->multi, $running);
        } while ($code === CURLM_CALL_MULTI_PERFORM);
        if ($code !== CURLM_OK) {
            // The multi handle itself is broken (out of memory, bad state): no call of it can go on.
            foreach ($this->streams as $id => $stream) {
                $stream->fail(\Grpc\STATUS_INTERNAL, 'curl_multi_exec: ' . curl_multi_strerror($code));
                $stream->cancel();
            }
            return;
        }
        while (($info = curl_multi_info_read($this->multi)) !== false) {
            if ($info['msg'] === CURLMSG_DONE) {
                $stream = $this->streams[spl_object_id($info['handle'])] ?? null;
                $error = curl_error($info['handle']);
                $this->detach($info['handle']);
                $stream?->finished($info['result'], $error);
            }
        }
        // A call the server has ended while our request side was still open: it is over (the status is in), but
        // libcurl 7.88 would wait for the end of the upload before reporting it done. End it here; removing the
        // handle resets our half of the stream, as gRPC clients do.
        foreach ($this->streams as $id => $stream) {
            if ($stream->endedByServerFirst()) {
                $handle = $this->handles[$id];
                $this->detach($handle);
                $stream->finished(CURLE_OK, '');
            }
        }
    }

    /**
     * Runs the transfer until $condition() holds (checked after every round), or until the call it waits for is
     * detached. Every round first does the non-blocking work, then sleeps in select() until a socket is ready or a
     * timer of curl expires.
     *
     * @param callable(): bool $condition
     */
    public function runUntil(callable $condition): void
    {
        while (true) {
            $this->perform();
            if ($condition() || $this->streams === []) {
                return;
            }
            $this->select($this->uploadPending() ? self::UPLOAD_POLL_SECONDS : self::IDLE_POLL_SECONDS);
        }
    }

    /** Removes a call from the transfer (finished or cancelled) and frees its easy handle. */
    public function detach(\CurlHandle $handle): void
    {
        if (isset($this->streams[spl_object_id($handle)])) {
            unset($this->streams[spl_object_id($handle)], $this->handles[spl_object_id($handle)]);
            curl_multi_remove_handle($this->multi, $handle);
            curl_close($handle);
        }
    }

    /** Cancels every call in progress and closes the connection. */
    public function close(): void
    {
        foreach ($this->streams as $stream) {
            $stream->cancel();
        }
        if ($this->multi !== null) {
            curl_multi_close($this->multi);
            $this->multi = null;
        }
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Waits for socket activity or a curl timer, at most $seconds. */
    private function select(float $seconds): void
    {
        if (curl_multi_select($this->multi, $seconds) === -1) {
            // No file descriptor to wait on (e.g. between connection attempts): sleep briefly rather than spin.
            usleep(1000);
        }
    }

    private function uploadPending(): bool
    {
        foreach ($this->streams as $stream) {
            if ($stream->hasUnsentBytes()) {
                return true;
            }
        }
        return false;
    }
}
