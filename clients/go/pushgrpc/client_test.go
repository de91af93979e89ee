package pushgrpc_test

// These tests call a live gateway with its embedded APNs simulator (app "demo"); clients/go/test.sh starts none
// itself but gets one from scripts/gateway.sh through PUSHGRPC_ADDRESS, PUSHGRPC_TLS_ADDRESS and PUSHGRPC_CA_FILE.

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	pb "github.com/pushgrpc/pushgrpc/clients/go/gen/pushgrpc/v1"
	"github.com/pushgrpc/pushgrpc/clients/go/pushgrpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// token returns a distinct 64-hex-character token that the simulator accepts.
func token(i int) string { return fmt.Sprintf("%064x", 0xa000000+i) }

// badDeviceToken makes the simulator answer 400 BadDeviceToken.
var badDeviceToken = "ffffffff0400" + strings.Repeat("0", 52)

func env(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run clients/go/test.sh against a gateway started by scripts/gateway.sh", name)
	}
	return v
}

func dial(t *testing.T, address string, opts ...pushgrpc.Option) (*pushgrpc.Client, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	c, err := pushgrpc.Dial(ctx, address, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, ctx
}

func alert(id string, tokens ...string) *pb.Notification {
	return &pb.Notification{
		Id:           id,
		App:          "demo",
		DeviceTokens: tokens,
		Aps:          &pb.Aps{Alert: &pb.Alert{Title: "Hello", Body: "from Go"}},
	}
}

func TestSendSingle(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	results, err := c.Send(ctx, alert("single", token(1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 {
		t.Fatalf("got %d results, want 1", len(results))
	}
	r := results[0]
	if r.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED || r.GetNotificationId() != "single" ||
		r.GetDeviceToken() != token(1) || r.GetHttpStatus() != 200 || r.GetApnsId() == "" {
		t.Fatalf("unexpected result %v", r)
	}
}

func TestSendMulticastKeepsTokenOrder(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	tokens := []string{token(11), token(12), token(13)}
	results, err := c.Send(ctx, alert("multi", tokens...))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 {
		t.Fatalf("got %d results, want 3", len(results))
	}
	for i, r := range results {
		if r.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED || r.GetDeviceToken() != tokens[i] {
			t.Errorf("result %d: %v, want ACCEPTED for %s", i, r, tokens[i])
		}
	}
}

func TestSendRejectedBadDeviceToken(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	results, err := c.Send(ctx, alert("bad", badDeviceToken))
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if r.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_REJECTED || r.GetReason() != "BadDeviceToken" || r.GetHttpStatus() != 400 {
		t.Fatalf("got %v, want REJECTED BadDeviceToken 400", r)
	}
}

func TestSendInvalidTokenNamesField(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	results, err := c.Send(ctx, alert("short", "abc"))
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if r.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_INVALID || !strings.Contains(r.GetMessage(), "device_tokens[0]") {
		t.Fatalf("got %v, want INVALID naming device_tokens[0]", r)
	}
}

func TestSendWithoutNotificationIsInvalidArgument(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	_, err := c.Send(ctx, nil)
	if status.Code(err) != codes.InvalidArgument {
		t.Fatalf("got %v, want status INVALID_ARGUMENT", err)
	}
}

func TestSendOverTLS(t *testing.T) {
	c, ctx := dial(t, env(t, "PUSHGRPC_TLS_ADDRESS"), pushgrpc.WithTLS(env(t, "PUSHGRPC_CA_FILE")))
	results, err := c.Send(ctx, alert("tls", token(21)))
	if err != nil {
		t.Fatal(err)
	}
	if results[0].GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED {
		t.Fatalf("got %v, want ACCEPTED", results[0])
	}
}

func TestSendStreamTenThousandWithOneInvalid(t *testing.T) {
	const total, bad = 10000, 5000
	c, ctx := dial(t, env(t, "PUSHGRPC_ADDRESS"))
	in := make(chan *pb.Notification)
	go func() {
		defer close(in)
		for i := 1; i <= total; i++ {
			tok := token(100000 + i)
			if i == bad {
				tok = "abc"
			}
			select {
			case in <- alert(fmt.Sprintf("n%d", i), tok):
			case <-ctx.Done():
				return
			}
		}
	}()
	seen := make(map[string]bool, total)
	var invalid []string
	err := c.SendStream(ctx, 1000, in, func(n *pb.Notification, r *pb.DeliveryResult) {
		if n.GetId() != r.GetNotificationId() || n.GetDeviceTokens()[0] != r.GetDeviceToken() {
			t.Errorf("result %v handed over with notification %s", r, n.GetId())
		}
		if seen[r.GetNotificationId()] {
			t.Errorf("second result for %s", r.GetNotificationId())
		}
		seen[r.GetNotificationId()] = true
		switch r.GetStatus() {
		case pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED:
		case pb.DeliveryStatus_DELIVERY_STATUS_INVALID:
			invalid = append(invalid, r.GetNotificationId())
		default:
			t.Errorf("unexpected result %v", r)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != total {
		t.Fatalf("got %d results, want %d", len(seen), total)
	}
	if len(invalid) != 1 || invalid[0] != fmt.Sprintf("n%d", bad) {
		t.Fatalf("INVALID results for %v, want exactly [n%d]", invalid, bad)
	}
}
