// Command broadcast updates (or ends) a Live Activity through a broadcast channel: it creates a channel unless
// --channel names one, broadcasts the content state to it, and with --delete deletes the channel afterwards:
//
//	go run ./cmd/broadcast --address localhost:50051 --content-state '{"score":"2-1"}' --title Goal
//
// It prints one line per step and exits 0 when every step was ACCEPTED, 1 when one was not or on a transport or
// gRPC error, and 2 on bad flags.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/pushgrpc/pushgrpc/clients/go/cmd/internal/cli"
	pb "github.com/pushgrpc/pushgrpc/clients/go/gen/pushgrpc/v1"
	"github.com/pushgrpc/pushgrpc/clients/go/pushgrpc"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("broadcast", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gateway := cli.GatewayFlags(fs)
	channelID := fs.String("channel", "", "broadcast to this channel instead of creating one")
	storage := fs.String("storage", "no-message-stored", "storage policy of a new channel: no-message-stored or most-recent-message-stored")
	contentState := fs.String("content-state", "", "the activity's content state, a JSON object (required)")
	title := fs.String("title", "", "alert title (optional)")
	body := fs.String("body", "", "alert body (optional)")
	end := fs.Bool("end", false, "end the activity (event END, with the content state as its final state) instead of updating it")
	del := fs.Bool("delete", false, "delete the channel afterwards")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *contentState == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "broadcast: --content-state JSON is required and no positional arguments are accepted")
		return 2
	}
	policy, ok := pb.MessageStoragePolicy_value["MESSAGE_STORAGE_POLICY_"+strings.ToUpper(strings.ReplaceAll(*storage, "-", "_"))]
	if !ok || policy == 0 {
		fmt.Fprintf(stderr, "broadcast: unknown --storage %q\n", *storage)
		return 2
	}
	var state structpb.Struct
	if err := protojson.Unmarshal([]byte(*contentState), &state); err != nil {
		fmt.Fprintf(stderr, "broadcast: --content-state is not a JSON object: %v\n", err)
		return 2
	}

	client, err := gateway.Dial(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "broadcast: %v\n", err)
		return 1
	}
	defer client.Close()
	fail := func(err error) int {
		fmt.Fprintf(stderr, "broadcast: %v\n", err)
		return 1
	}

	if *channelID == "" {
		result, channel, err := client.CreateChannel(ctx, gateway.App, pb.MessageStoragePolicy(policy))
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "create: %s\n", describe(result.GetStatus(), result.GetHttpStatus(), result.GetReason(), result.GetMessage(), result.GetApnsRequestId()))
		if result.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED {
			return 1
		}
		*channelID = channel.GetId()
		fmt.Fprintf(stdout, "channel: %s\n", *channelID)
	}

	event, step := pb.LiveActivityEvent_LIVE_ACTIVITY_EVENT_UPDATE, "update"
	if *end {
		event, step = pb.LiveActivityEvent_LIVE_ACTIVITY_EVENT_END, "end"
	}
	n := pushgrpc.NewBroadcast(gateway.App, *channelID, event, &state, time.Now())
	if *title != "" || *body != "" {
		n.Aps.Alert = &pb.Alert{Title: *title, Body: *body}
	}
	r, err := client.Broadcast(ctx, n)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s: %s\n", step, describe(r.GetStatus(), r.GetHttpStatus(), r.GetReason(), r.GetMessage(), r.GetApnsRequestId()))
	code := 0
	if r.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED {
		code = 1
	}

	if *del {
		result, err := client.DeleteChannel(ctx, gateway.App, *channelID)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "delete: %s\n", describe(result.GetStatus(), result.GetHttpStatus(), result.GetReason(), result.GetMessage(), result.GetApnsRequestId()))
		if result.GetStatus() != pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED {
			code = 1
		}
	}
	return code
}

// describe renders one outcome: "ACCEPTED (apns-request-id ...)" or "REJECTED 400 ChannelNotRegistered".
func describe(status pb.DeliveryStatus, httpStatus int32, reason, message, requestID string) string {
	s := strings.TrimPrefix(status.String(), "DELIVERY_STATUS_")
	if httpStatus != 0 {
		s += fmt.Sprintf(" %d", httpStatus)
	}
	if reason != "" {
		s += " " + reason
	}
	if message != "" {
		s += ": " + message
	}
	if requestID != "" {
		s += " (apns-request-id " + requestID + ")"
	}
	return s
}
