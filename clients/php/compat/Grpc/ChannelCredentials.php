<?php

declare(strict_types=1);

namespace Grpc;

/**
 * Transport security of a Channel, as in ext-grpc: createInsecure() returns null (plaintext HTTP/2, "h2c"),
 * createSsl() TLS with the given roots (PEM text, not a file name) and optionally a client certificate.
 */
class ChannelCredentials
{
    private static ?string $defaultRootsPem = null;

    /** @param array<int, mixed> $curlOptions */
    private function __construct(private readonly array $curlOptions)
    {
    }

    /** Plaintext HTTP/2. Like ext-grpc, this is null. */
    public static function createInsecure(): ?self
    {
        return null;
    }

    /**
     * TLS. $pemRootCerts: the CA certificates to trust (PEM text); null for the default roots
     * (setDefaultRootsPem(), else the system's store). $pemPrivateKey + $pemCertChain: a client certificate.
     */
    public static function createSsl(
        ?string $pemRootCerts = null,
        ?string $pemPrivateKey = null,
        ?string $pemCertChain = null,
    ): self {
        $options = [CURLOPT_SSL_VERIFYPEER => true, CURLOPT_SSL_VERIFYHOST => 2];
        $roots = $pemRootCerts ?? self::$defaultRootsPem;
        if ($roots !== null) {
            $options[CURLOPT_CAINFO_BLOB] = $roots;
        }
        if ($pemPrivateKey !== null && $pemCertChain !== null) {
            $options[CURLOPT_SSLCERT_BLOB] = $pemCertChain;
            $options[CURLOPT_SSLCERTTYPE] = 'PEM';
            $options[CURLOPT_SSLKEY_BLOB] = $pemPrivateKey;
            $options[CURLOPT_SSLKEYTYPE] = 'PEM';
        }
        return new self($options);
    }

    /** TLS with the default roots. */
    public static function createDefault(): self
    {
        return self::createSsl();
    }

    public static function setDefaultRootsPem(string $pemRoots): void
    {
        self::$defaultRootsPem = $pemRoots;
    }

    public static function isDefaultRootsPemSet(): bool
    {
        return self::$defaultRootsPem !== null;
    }

    public static function invalidateDefaultRootsPem(): void
    {
        self::$defaultRootsPem = null;
    }

    /**
     * @internal the curl options for the Channel
     * @return array<int, mixed>
     */
    public function curlOptions(): array
    {
        return $this->curlOptions;
    }
}
