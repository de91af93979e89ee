<?php
// GENERATED CODE -- DO NOT EDIT!

namespace PushGrpc\V1;

/**
 * PushService delivers notifications to Apple devices through APNs.
 *
 * Every notification gets exactly one DeliveryResult per device token. A notification our validation refuses gets
 * DELIVERY_STATUS_INVALID results and is not sent; the call itself fails (INVALID_ARGUMENT) only for a message
 * that cannot be processed at all, such as a request without a notification.
 */
class PushServiceClient extends \Grpc\BaseStub {

    /**
     * @param string $hostname hostname
     * @param array $opts channel options
     * @param \Grpc\Channel $channel (optional) re-use channel object
     */
    public function __construct($hostname, $opts, $channel = null) {
        parent::__construct($hostname, $opts, $channel);
    }

    /**
     * Send delivers one notification (to one or many device tokens) and returns when APNs has answered for every
     * token.
     * @param \PushGrpc\V1\SendRequest $argument input argument
     * @param array $metadata metadata
     * @param array $options call options
     * @return \Grpc\UnaryCall
     */
    public function Send(\PushGrpc\V1\SendRequest $argument,
      $metadata = [], $options = []) {
        return $this->_simpleRequest('/pushgrpc.v1.PushService/Send',
        $argument,
        ['\PushGrpc\V1\SendResponse', 'decode'],
        $metadata, $options);
    }

    /**
     * SendStream delivers a stream of notifications. Results come back as APNs answers, in any order; match them to
     * notifications by notification_id and device_token. When the caller half-closes, every pending result is
     * still written before the call ends. The server stops reading when its in-flight limit is reached, so HTTP/2
     * flow control pushes back on a caller that sends faster than APNs answers.
     * @param array $metadata metadata
     * @param array $options call options
     * @return \Grpc\BidiStreamingCall
     */
    public function SendStream($metadata = [], $options = []) {
        return $this->_bidiRequest('/pushgrpc.v1.PushService/SendStream',
        ['\PushGrpc\V1\SendStreamResponse','decode'],
        $metadata, $options);
    }

}
