package pushgrpc_test

import (
	"context"
	"strings"
	"testing"
	"time"

	pb "github.com/pushgrpc/pushgrpc/clients/go/gen/pushgrpc/v1"
	"github.com/pushgrpc/pushgrpc/clients/go/pushgrpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

const (
	accepted = pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED
	rejected = pb.DeliveryStatus_DELIVERY_STATUS_REJECTED
	invalid  = pb.DeliveryStatus_DELIVERY_STATUS_INVALID
)

func mustStruct(t *testing.T, m map[string]interface{}) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// createChannel creates a channel for app "demo" and deletes it when the test ends (unless the test did).
func createChannel(t *testing.T, ctx context.Context, c *pushgrpc.Client, policy pb.MessageStoragePolicy) *pb.BroadcastChannel {
	t.Helper()
	result, channel, err := c.CreateChannel(ctx, "demo", policy)
	if err != nil {
		t.Fatal(err)
	}
	if result.GetStatus() != accepted || channel.GetId() == "" || result.GetApnsRequestId() == "" {
		t.Fatalf("create: got %v, channel %v; want ACCEPTED with an id and an apns-request-id", result, channel)
	}
	t.Cleanup(func() { c.DeleteChannel(context.Background(), "demo", channel.GetId()) }) //nolint:errcheck // best effort
	return channel
}

func TestChannelLifecycle(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	channel := createChannel(t, ctx, c, pb.MessageStoragePolicy_MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED)
	if channel.GetMessageStoragePolicy() != pb.MessageStoragePolicy_MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED {
		t.Errorf("created channel has policy %v", channel.GetMessageStoragePolicy())
	}

	result, ids, err := c.ListChannels(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if result.GetStatus() != accepted || !contains(ids, channel.GetId()) {
		t.Fatalf("list: got %v with %d ids, want ACCEPTED containing %s", result, len(ids), channel.GetId())
	}

	n := pushgrpc.NewBroadcast("demo", channel.GetId(), pb.LiveActivityEvent_LIVE_ACTIVITY_EVENT_UPDATE,
		mustStruct(t, map[string]interface{}{"score": "1-0", "minute": 12}), time.Now())
	n.Id = "goal"
	n.Aps.Alert = &pb.Alert{Title: "Goal!", Body: "1-0"}
	r, err := c.Broadcast(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetStatus() != accepted || r.GetChannelId() != channel.GetId() || r.GetApnsRequestId() == "" ||
		r.GetNotificationId() != "goal" || r.GetDeviceToken() != "" {
		t.Fatalf("broadcast: got %v, want ACCEPTED for channel %s with an apns-request-id", r, channel.GetId())
	}

	result, got, err := c.GetChannel(ctx, "demo", channel.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if result.GetStatus() != accepted || got.GetId() != channel.GetId() ||
		got.GetMessageStoragePolicy() != pb.MessageStoragePolicy_MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED {
		t.Fatalf("get: got %v, channel %v", result, got)
	}

	result, err = c.DeleteChannel(ctx, "demo", channel.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if result.GetStatus() != accepted {
		t.Fatalf("delete: got %v, want ACCEPTED", result)
	}

	result, got, err = c.GetChannel(ctx, "demo", channel.GetId())
	if err != nil {
		t.Fatal(err)
	}
	if result.GetStatus() != rejected || result.GetReason() != "ChannelNotRegistered" || got != nil {
		t.Fatalf("get after delete: got %v, channel %v; want REJECTED ChannelNotRegistered", result, got)
	}
}

func TestBroadcastWithExpirationToNoStorageChannelIsInvalid(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	channel := createChannel(t, ctx, c, pb.MessageStoragePolicy_MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED)
	n := pushgrpc.NewBroadcast("demo", channel.GetId(), pb.LiveActivityEvent_LIVE_ACTIVITY_EVENT_UPDATE,
		mustStruct(t, map[string]interface{}{"score": "1-0"}), time.Now())
	n.Expiration = proto.Int64(time.Now().Add(time.Hour).Unix())
	r, err := c.Broadcast(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if r.GetStatus() != invalid || !strings.Contains(r.GetMessage(), "expiration") {
		t.Fatalf("got %v, want INVALID naming expiration", r)
	}
}

func TestSendStreamCarriesBroadcastsBesideTokens(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	channel := createChannel(t, ctx, c, pb.MessageStoragePolicy_MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED)
	end := pushgrpc.NewBroadcast("demo", channel.GetId(), pb.LiveActivityEvent_LIVE_ACTIVITY_EVENT_END,
		mustStruct(t, map[string]interface{}{"score": "2-1"}), time.Now())
	end.Id = "final"
	end.Aps.DismissalDate = proto.Int64(time.Now().Add(time.Hour).Unix())
	in := make(chan *pb.Notification, 2)
	in <- alert("tokens", token(31), token(32))
	in <- end
	close(in)
	got := map[string][]*pb.DeliveryResult{}
	err := c.SendStream(ctx, 10, in, func(n *pb.Notification, r *pb.DeliveryResult) {
		got[n.GetId()] = append(got[n.GetId()], r)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got["tokens"]) != 2 || len(got["final"]) != 1 {
		t.Fatalf("got %d results for the tokens and %d for the broadcast, want 2 and 1", len(got["tokens"]), len(got["final"]))
	}
	if r := got["final"][0]; r.GetStatus() != accepted || r.GetChannelId() != channel.GetId() || r.GetApnsRequestId() == "" {
		t.Fatalf("broadcast in stream: got %v", r)
	}
	for _, r := range got["tokens"] {
		if r.GetStatus() != accepted || r.GetChannelId() != "" {
			t.Errorf("token result %v, want ACCEPTED without a channel", r)
		}
	}
}

func pushToStart(t *testing.T, channelID string) *pb.Notification {
	t.Helper()
	n := pushgrpc.NewPushToStart("demo", []string{token(41)}, "MatchAttributes",
		mustStruct(t, map[string]interface{}{"home": "Lions", "away": "Tigers"}),
		mustStruct(t, map[string]interface{}{"score": "0-0"}),
		&pb.Alert{Title: "Kick-off", Body: "Lions v Tigers"}, time.Now())
	n.Id = "start"
	n.Aps.InputPushChannel = channelID
	return n
}

func TestPushToStartIsAccepted(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	channel := createChannel(t, ctx, c, pb.MessageStoragePolicy_MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED)
	results, err := c.Send(ctx, pushToStart(t, channel.GetId()))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].GetStatus() != accepted || results[0].GetDeviceToken() != token(41) {
		t.Fatalf("got %v, want one ACCEPTED result for the token", results)
	}
}

func TestPushToStartWithoutAttributesTypeIsInvalid(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	n := pushToStart(t, "")
	n.Aps.AttributesType = ""
	results, err := c.Send(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || results[0].GetStatus() != invalid || !strings.Contains(results[0].GetMessage(), "aps.attributes_type") {
		t.Fatalf("got %v, want one INVALID result naming aps.attributes_type", results)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
