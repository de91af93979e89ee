<?php
// gRPC for PHP without ext-grpc.
//
// The generated clients (gen/PushGrpc/V1/*Client.php) extend \Grpc\BaseStub. Normally that class comes from the
// grpc/grpc Composer package and sits on the C extension ext-grpc (\Grpc\Channel, \Grpc\Call, ...). Many PHP hosts
// cannot install a C extension, so when ext-grpc is not loaded this file defines the public surface the generated
// code and callers use -- BaseStub, the four call classes, Channel, ChannelCredentials and the STATUS_* constants
// -- on top of a pure-PHP HTTP/2 transport over ext-curl (src/Curl/). Generated code stays unmodified.
//
// The classes are defined eagerly, before anything asks the autoloader for \Grpc\BaseStub, so they win over the
// grpc/grpc package's own classes (which would fail without the extension). With ext-grpc loaded this file does
// nothing and grpc/grpc is used as usual.

declare(strict_types=1);

if (extension_loaded('grpc') || class_exists('Grpc\BaseStub', false)) {
    return;
}
if (!extension_loaded('curl')) {
    throw new \RuntimeException('PushGrpc needs ext-grpc or, for its pure-PHP transport, ext-curl');
}

require_once __DIR__ . '/Grpc/constants.php';
require_once __DIR__ . '/Grpc/ChannelCredentials.php';
require_once __DIR__ . '/Grpc/Channel.php';
require_once __DIR__ . '/Grpc/AbstractCall.php';
require_once __DIR__ . '/Grpc/UnaryCall.php';
require_once __DIR__ . '/Grpc/ServerStreamingCall.php';
require_once __DIR__ . '/Grpc/ClientStreamingCall.php';
require_once __DIR__ . '/Grpc/BidiStreamingCall.php';
require_once __DIR__ . '/Grpc/BaseStub.php';
