<?php

declare(strict_types=1);

// Composer's autoloader when installed with Composer, else the offline one (Debian's protobuf runtime).
require is_file(__DIR__ . '/../vendor/autoload.php') ? __DIR__ . '/../vendor/autoload.php' : __DIR__ . '/../autoload.php';

foreach (['PUSHGRPC_ADDRESS', 'PUSHGRPC_TLS_ADDRESS', 'PUSHGRPC_CA_FILE'] as $name) {
    if (getenv($name) === false || getenv($name) === '') {
        fwrite(STDERR, "$name is not set: the tests run against a live gateway (see test.sh)\n");
        exit(1);
    }
}
require_once __DIR__ . '/GatewayTestCase.php';
