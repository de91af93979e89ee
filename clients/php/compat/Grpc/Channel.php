<?php

declare(strict_types=1);

namespace Grpc;

use PushGrpc\Client\Curl\Connection;
use PushGrpc\Client\Curl\Stream;

/**
 * A connection to one gRPC server, as ext-grpc's Channel: new Channel('host:port', ['credentials' => ...]).
 * Calls on one Channel share one HTTP/2 connection (over h2c with libcurl < 7.89: one each). Supported args: credentials, grpc.primary_user_agent,
 * grpc.ssl_target_name_override, grpc.max_receive_message_length, and (this transport only) curl_options: extra
 * CURLOPT_* => value pairs for every call.
 */
class Channel
{
    public const VERSION = '1.0.0';

    /** ext-grpc's default limit on a received message. */
    private const DEFAULT_MAX_RECEIVE_BYTES = 4 * 1024 * 1024;

    private Connection $connection;
    private int $maxReceiveBytes;

    /** @param array<string, mixed> $args */
    public function __construct(private readonly string $target, array $args = [])
    {
        $credentials = $args['credentials'] ?? null;
        if ($credentials !== null && !$credentials instanceof ChannelCredentials) {
            throw new \InvalidArgumentException('credentials must be a ChannelCredentials object or null (insecure)');
        }
        // "dns:///host:port" and "dns:host:port" name the same server as "host:port".
        $authority = preg_replace('#^dns:(//[^/]*/)?#', '', $target);
        $tls = $credentials !== null;
        $options = $credentials?->curlOptions() ?? [];
        // h2c needs prior knowledge (no HTTP/1.1 Upgrade dance); TLS negotiates h2 through ALPN.
        $options[CURLOPT_HTTP_VERSION] = $tls ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE;
        if (!$tls && curl_version()['version_number'] < 0x075900) {
            // libcurl before 7.89.0 breaks a reused prior-knowledge h2c connection ("Error in the HTTP2 framing
            // layer", curl issue #10634), both for a second call and for concurrent calls multiplexed on it. So
            // there each h2c call gets a connection of its own, closed when the call ends. TLS is not affected.
            $options[CURLOPT_FRESH_CONNECT] = true;
            $options[CURLOPT_FORBID_REUSE] = true;
            $options[CURLOPT_PIPEWAIT] = false;
        }
        $options[CURLOPT_USERAGENT] = ltrim(($args['grpc.primary_user_agent'] ?? '') . ' grpc-php-curl/' . self::VERSION);

        $override = $args['grpc.ssl_target_name_override'] ?? '';
        if ($tls && $override !== '') {
            // Verify the certificate against (and send SNI/:authority for) the override name, but connect to the
            // target: the URL names the override, CONNECT_TO maps it to the real address.
            [$host, $port] = self::splitHostPort($authority);
            $options[CURLOPT_CONNECT_TO] = ["$override:$port:$host:$port"];
            $authority = "$override:$port";
        }
        // Extra curl options (proxy, interface, CURLOPT_VERBOSE for debugging, ...) override the ones above.
        foreach ($args['curl_options'] ?? [] as $option => $value) {
            $options[$option] = $value;
        }
        $this->connection = new Connection(($tls ? 'https://' : 'http://') . $authority, $options);
        $this->maxReceiveBytes = (int) ($args['grpc.max_receive_message_length'] ?? self::DEFAULT_MAX_RECEIVE_BYTES);
    }

    public function getTarget(): string
    {
        return $this->target;
    }

    /** Cancels the calls in progress and closes the connection. */
    public function close(): void
    {
        $this->connection->close();
    }

    /**
     * @internal starts one call (used by the call classes)
     * @param array<string, string|list<string>> $metadata
     * @param array<string, mixed> $options 'timeout' (microseconds), 'call_credentials_callback'
     * @param string|null $onlyMessage the serialized request of a call with exactly one (sent with the half-close)
     */
    public function startCall(string $method, array $metadata, array $options, ?string $onlyMessage = null): Stream
    {
        if (isset($options['call_credentials_callback']) && is_callable($options['call_credentials_callback'])) {
            $context = (object) ['service_url' => $this->connection->baseUrl() . substr($method, 0, (int) strrpos($method, '/')),
                'method_name' => substr($method, (int) strrpos($method, '/') + 1)];
            $metadata = array_merge($metadata, ($options['call_credentials_callback'])($context));
        }
        $headers = [];
        foreach ($metadata as $key => $values) {
            foreach ((array) $values as $value) {
                if (strpbrk((string) $value, "\r\n\0") !== false) {
                    throw new \InvalidArgumentException("metadata value of $key contains a line break or NUL");
                }
                // Binary metadata travels base64-encoded; gRPC prefers it unpadded.
                $headers[] = strtolower((string) $key) . ': '
                    . (str_ends_with((string) $key, '-bin') ? rtrim(base64_encode((string) $value), '=') : $value);
            }
        }
        $timeoutMs = null;
        if (isset($options['timeout']) && is_numeric($options['timeout'])) {
            $micros = max(1, (int) $options['timeout']);
            $timeoutMs = intdiv($micros + 999, 1000);
            $headers[] = 'grpc-timeout: ' . self::grpcTimeout($micros);
        }
        return $this->connection->open($method, $headers, $timeoutMs, $this->maxReceiveBytes, $onlyMessage);
    }

    /** The grpc-timeout header value: at most 8 digits and a unit. */
    private static function grpcTimeout(int $micros): string
    {
        if ($micros <= 99_999_999) {
            return $micros . 'u';
        }
        $millis = intdiv($micros + 999, 1000);
        return $millis <= 99_999_999 ? $millis . 'm' : min(intdiv($millis + 999, 1000), 99_999_999) . 'S';
    }

    /** @return array{string, string} host (brackets kept for IPv6) and port ("443" when not given) */
    private static function splitHostPort(string $authority): array
    {
        if (preg_match('/^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/', $authority, $m) !== 1) {
            throw new \InvalidArgumentException("target $authority is not host:port");
        }
        return [$m[1], $m[2] ?? '443'];
    }
}
