<?php
// GENERATED CODE -- DO NOT EDIT!

namespace PushGrpc\V1;

/**
 * ChannelService manages an app's Live Activity broadcast channels (iOS/iPadOS 18+) through APNs's channel
 * management API. Send updates to a channel with PushService (Notification.channel_id); subscribe an activity to a
 * channel with a push-to-start notification (aps.input_push_channel) or from the app.
 *
 * Like notifications, every call answers with a ChannelResult rather than failing the call: ACCEPTED when APNs
 * agreed, REJECTED with APNs's reason (for example "ChannelNotRegistered", "CannotCreateChannelConfig" when the app
 * has 10,000 channels), FAILED when APNs gave no verdict (retryable), INVALID when PushGrpc refused the request.
 */
class ChannelServiceClient extends \Grpc\BaseStub {

    /**
     * @param string $hostname hostname
     * @param array $opts channel options
     * @param \Grpc\Channel $channel (optional) re-use channel object
     */
    public function __construct($hostname, $opts, $channel = null) {
        parent::__construct($hostname, $opts, $channel);
    }

    /**
     * CreateChannel creates a channel. APNs chooses its id. The storage policy cannot be changed later.
     * @param \PushGrpc\V1\CreateChannelRequest $argument input argument
     * @param array $metadata metadata
     * @param array $options call options
     * @return \Grpc\UnaryCall
     */
    public function CreateChannel(\PushGrpc\V1\CreateChannelRequest $argument,
      $metadata = [], $options = []) {
        return $this->_simpleRequest('/pushgrpc.v1.ChannelService/CreateChannel',
        $argument,
        ['\PushGrpc\V1\CreateChannelResponse', 'decode'],
        $metadata, $options);
    }

    /**
     * GetChannel reads a channel's configuration.
     * @param \PushGrpc\V1\GetChannelRequest $argument input argument
     * @param array $metadata metadata
     * @param array $options call options
     * @return \Grpc\UnaryCall
     */
    public function GetChannel(\PushGrpc\V1\GetChannelRequest $argument,
      $metadata = [], $options = []) {
        return $this->_simpleRequest('/pushgrpc.v1.ChannelService/GetChannel',
        $argument,
        ['\PushGrpc\V1\GetChannelResponse', 'decode'],
        $metadata, $options);
    }

    /**
     * DeleteChannel deletes a channel for good. Messages APNs still stores for it may yet be delivered.
     * @param \PushGrpc\V1\DeleteChannelRequest $argument input argument
     * @param array $metadata metadata
     * @param array $options call options
     * @return \Grpc\UnaryCall
     */
    public function DeleteChannel(\PushGrpc\V1\DeleteChannelRequest $argument,
      $metadata = [], $options = []) {
        return $this->_simpleRequest('/pushgrpc.v1.ChannelService/DeleteChannel',
        $argument,
        ['\PushGrpc\V1\DeleteChannelResponse', 'decode'],
        $metadata, $options);
    }

    /**
     * ListChannels lists the ids of all of an app's channels (in the app's environment).
     * @param \PushGrpc\V1\ListChannelsRequest $argument input argument
     * @param array $metadata metadata
     * @param array $options call options
     * @return \Grpc\UnaryCall
     */
    public function ListChannels(\PushGrpc\V1\ListChannelsRequest $argument,
      $metadata = [], $options = []) {
        return $this->_simpleRequest('/pushgrpc.v1.ChannelService/ListChannels',
        $argument,
        ['\PushGrpc\V1\ListChannelsResponse', 'decode'],
        $metadata, $options);
    }

}
