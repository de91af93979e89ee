package pushgrpc

import (
	"context"
	"fmt"
	"time"

	pb "github.com/pushgrpc/pushgrpc/clients/go/gen/pushgrpc/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// Live Activity broadcast channels (iOS/iPadOS 18+). Like notifications, the channel calls report what APNs
// answered in a ChannelResult (ACCEPTED, REJECTED with a reason such as "ChannelNotRegistered", FAILED, INVALID);
// the error is a gRPC status only when the call itself failed.

// ChannelStub returns the generated ChannelService client, for calls this package does not wrap.
func (c *Client) ChannelStub() pb.ChannelServiceClient { return c.channels }

// CreateChannel creates a broadcast channel for app. The channel (its APNs-assigned id and policy) is nil unless
// the result is ACCEPTED.
func (c *Client) CreateChannel(ctx context.Context, app string, policy pb.MessageStoragePolicy) (*pb.ChannelResult, *pb.BroadcastChannel, error) {
	resp, err := c.channels.CreateChannel(ctx, &pb.CreateChannelRequest{App: app, MessageStoragePolicy: policy})
	if err != nil {
		return nil, nil, err
	}
	return resp.GetResult(), resp.GetChannel(), nil
}

// GetChannel reads a channel's configuration; the channel is nil unless the result is ACCEPTED.
func (c *Client) GetChannel(ctx context.Context, app, channelID string) (*pb.ChannelResult, *pb.BroadcastChannel, error) {
	resp, err := c.channels.GetChannel(ctx, &pb.GetChannelRequest{App: app, ChannelId: channelID})
	if err != nil {
		return nil, nil, err
	}
	return resp.GetResult(), resp.GetChannel(), nil
}

// DeleteChannel deletes a channel for good.
func (c *Client) DeleteChannel(ctx context.Context, app, channelID string) (*pb.ChannelResult, error) {
	resp, err := c.channels.DeleteChannel(ctx, &pb.DeleteChannelRequest{App: app, ChannelId: channelID})
	if err != nil {
		return nil, err
	}
	return resp.GetResult(), nil
}

// ListChannels returns the ids of all of app's channels (empty unless the result is ACCEPTED).
func (c *Client) ListChannels(ctx context.Context, app string) (*pb.ChannelResult, []string, error) {
	resp, err := c.channels.ListChannels(ctx, &pb.ListChannelsRequest{App: app})
	if err != nil {
		return nil, nil, err
	}
	return resp.GetResult(), resp.GetChannelIds(), nil
}

// Broadcast sends one notification addressed to a channel (see NewBroadcast) and returns its single result, which
// echoes the channel id and carries APNs's apns-request-id. A broadcast the gateway refuses comes back as an
// INVALID result, not as an error.
func (c *Client) Broadcast(ctx context.Context, n *pb.Notification) (*pb.DeliveryResult, error) {
	results, err := c.Send(ctx, n)
	if err != nil {
		return nil, err
	}
	if len(results) != 1 {
		// The contract promises one result for a notification without device tokens.
		return nil, fmt.Errorf("pushgrpc: broadcast got %d results, want 1", len(results))
	}
	return results[0], nil
}

// NewBroadcast builds a Live Activity broadcast to a channel: push type liveactivity, aps.event (UPDATE or END;
// a broadcast cannot start an activity), the content state and its timestamp. Set further fields on it before
// sending: Aps.Alert, Aps.StaleDate, Aps.DismissalDate, Aps.RelevanceScore, Priority (the gateway's default is
// 10) or Expiration (leave it unset, or 0, for a channel that stores no message).
func NewBroadcast(app, channelID string, event pb.LiveActivityEvent, contentState *structpb.Struct, timestamp time.Time) *pb.Notification {
	return &pb.Notification{
		App:       app,
		ChannelId: channelID,
		PushType:  pb.PushType_PUSH_TYPE_LIVEACTIVITY,
		Aps: &pb.Aps{
			Event:        event,
			ContentState: contentState,
			Timestamp:    proto.Int64(timestamp.Unix()),
		},
	}
}

// NewPushToStart builds a push-to-start notification (iOS 17.2+) for push-to-start tokens: event START with the
// ActivityAttributes type name, its static attributes, the initial content state, an alert and a timestamp. To
// subscribe the new activity to a broadcast channel set Aps.InputPushChannel; to have it report an update token,
// Aps.InputPushToken.
func NewPushToStart(app string, tokens []string, attributesType string, attributes, contentState *structpb.Struct,
	alert *pb.Alert, timestamp time.Time) *pb.Notification {
	return &pb.Notification{
		App:          app,
		DeviceTokens: tokens,
		PushType:     pb.PushType_PUSH_TYPE_LIVEACTIVITY,
		Aps: &pb.Aps{
			Event:          pb.LiveActivityEvent_LIVE_ACTIVITY_EVENT_START,
			Alert:          alert,
			AttributesType: attributesType,
			Attributes:     attributes,
			ContentState:   contentState,
			Timestamp:      proto.Int64(timestamp.Unix()),
		},
	}
}
