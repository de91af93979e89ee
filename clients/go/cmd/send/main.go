// Command send streams one notification per device token in a file through PushService.SendStream and prints a
// summary of the results:
//
//	go run ./cmd/send --address localhost:50051 --tokens tokens.txt --title Hello --body World
//
// It exits 0 whatever the results are, and 1 on a transport or gRPC error (2 on bad flags).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/pushgrpc/pushgrpc/clients/go/cmd/internal/cli"
	pb "github.com/pushgrpc/pushgrpc/clients/go/gen/pushgrpc/v1"
	"github.com/pushgrpc/pushgrpc/clients/go/pushgrpc"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("send", flag.ContinueOnError)
	fs.SetOutput(stderr)
	gateway := cli.GatewayFlags(fs)
	tokensFile := fs.String("tokens", "", "file with one hex device token per line (required)")
	title := fs.String("title", "", "alert title")
	body := fs.String("body", "", "alert body")
	pushType := fs.String("push-type", "alert", "apns-push-type: alert, background, voip, liveactivity, ...")
	window := fs.Int("window", pushgrpc.DefaultWindow, "notifications in flight at most")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *tokensFile == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "send: --tokens FILE is required and no positional arguments are accepted")
		return 2
	}
	pt, ok := pb.PushType_value["PUSH_TYPE_"+strings.ToUpper(*pushType)]
	if !ok {
		fmt.Fprintf(stderr, "send: unknown --push-type %q\n", *pushType)
		return 2
	}
	tokens, err := readTokens(*tokensFile)
	if err != nil {
		fmt.Fprintf(stderr, "send: %v\n", err)
		return 2
	}

	client, err := gateway.Dial(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "send: %v\n", err)
		return 1
	}
	defer client.Close()

	aps := &pb.Aps{Alert: &pb.Alert{Title: *title, Body: *body}}
	if pb.PushType(pt) == pb.PushType_PUSH_TYPE_BACKGROUND {
		aps = &pb.Aps{ContentAvailable: true} // a background push may carry no alert
	}
	notifications := make(chan *pb.Notification)
	go func() {
		defer close(notifications)
		for i, token := range tokens {
			n := &pb.Notification{
				Id:           fmt.Sprintf("n%d", i+1),
				App:          gateway.App,
				DeviceTokens: []string{token},
				PushType:     pb.PushType(pt),
				Aps:          aps,
			}
			select {
			case notifications <- n:
			case <-ctx.Done():
				return
			}
		}
	}()

	var s summary
	s.reasons = map[string]int{}
	err = client.SendStream(ctx, *window, notifications, func(_ *pb.Notification, r *pb.DeliveryResult) { s.add(r) })
	if err != nil {
		fmt.Fprintf(stderr, "send: %v\n", err)
		return 1
	}
	s.sent = len(tokens)
	s.print(stdout)
	return 0
}

// readTokens reads one token per line, ignoring blank lines and surrounding white space.
func readTokens(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var tokens []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if t := strings.TrimSpace(sc.Text()); t != "" {
			tokens = append(tokens, t)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(tokens) == 0 {
		return nil, errors.New(path + ": no device tokens")
	}
	return tokens, nil
}

type summary struct {
	sent, accepted, rejected, failed, invalid int
	reasons                                   map[string]int // REJECTED results by reason
}

func (s *summary) add(r *pb.DeliveryResult) {
	switch r.GetStatus() {
	case pb.DeliveryStatus_DELIVERY_STATUS_ACCEPTED:
		s.accepted++
	case pb.DeliveryStatus_DELIVERY_STATUS_REJECTED:
		s.rejected++
		reason := r.GetReason()
		if reason == "" {
			reason = "unknown"
		}
		s.reasons[reason]++
	case pb.DeliveryStatus_DELIVERY_STATUS_FAILED:
		s.failed++
	case pb.DeliveryStatus_DELIVERY_STATUS_INVALID:
		s.invalid++
	}
}

func (s *summary) print(w io.Writer) {
	fmt.Fprintf(w, "sent: %d\naccepted: %d\n", s.sent, s.accepted)
	if s.rejected > 0 {
		names := make([]string, 0, len(s.reasons))
		for name := range s.reasons {
			names = append(names, name)
		}
		sort.Strings(names)
		parts := make([]string, len(names))
		for i, name := range names {
			parts[i] = fmt.Sprintf("%s: %d", name, s.reasons[name])
		}
		fmt.Fprintf(w, "rejected: %d (%s)\n", s.rejected, strings.Join(parts, ", "))
	}
	fmt.Fprintf(w, "failed: %d\ninvalid: %d\n", s.failed, s.invalid)
}
