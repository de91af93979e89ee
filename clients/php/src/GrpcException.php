<?php

declare(strict_types=1);

namespace PushGrpc\Client;

/**
 * A call that ended with a gRPC status other than OK: getCode() is the status code (\Grpc\STATUS_*), getDetails()
 * the server's message, getMetadata() the trailers.
 */
final class GrpcException extends \RuntimeException
{
    /** @param array<string, list<string>> $metadata */
    public function __construct(int $code, private readonly string $details, private readonly array $metadata = [])
    {
        parent::__construct(sprintf('gRPC status %d (%s): %s', $code, self::codeName($code), $details), $code);
    }

    /** @param \stdClass $status the {code, details, metadata} of ext-grpc and the compatibility layer */
    public static function fromStatus(\stdClass $status): self
    {
        return new self((int) $status->code, (string) $status->details, (array) ($status->metadata ?? []));
    }

    public function getDetails(): string
    {
        return $this->details;
    }

    /** @return array<string, list<string>> */
    public function getMetadata(): array
    {
        return $this->metadata;
    }

    public static function codeName(int $code): string
    {
        return [
            'OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
            'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
            'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
        ][$code] ?? "CODE_$code";
    }
}
