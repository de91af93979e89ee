<?php
// The status codes ext-grpc defines (same names and values).

declare(strict_types=1);

namespace Grpc;

const STATUS_OK = 0;
const STATUS_CANCELLED = 1;
const STATUS_UNKNOWN = 2;
const STATUS_INVALID_ARGUMENT = 3;
const STATUS_DEADLINE_EXCEEDED = 4;
const STATUS_NOT_FOUND = 5;
const STATUS_ALREADY_EXISTS = 6;
const STATUS_PERMISSION_DENIED = 7;
const STATUS_RESOURCE_EXHAUSTED = 8;
const STATUS_FAILED_PRECONDITION = 9;
const STATUS_ABORTED = 10;
const STATUS_OUT_OF_RANGE = 11;
const STATUS_UNIMPLEMENTED = 12;
const STATUS_INTERNAL = 13;
const STATUS_UNAVAILABLE = 14;
const STATUS_DATA_LOSS = 15;
const STATUS_UNAUTHENTICATED = 16;
