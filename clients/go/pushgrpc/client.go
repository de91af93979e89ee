// Package pushgrpc is a small client for the PushGrpc gateway: it connects (h2c or TLS), sends one notification
// with Send, streams many through SendStream with a bounded number in flight, and manages Live Activity broadcast
// channels and broadcasts to them (channels.go).
//
// It is written against APIs that exist in grpc-go 1.33 (Debian's) as well as in current releases
// (grpc.DialContext, grpc.WithInsecure, credentials.NewClientTLSFromFile), so the same source builds with both.
package pushgrpc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	pb "github.com/pushgrpc/pushgrpc/clients/go/gen/pushgrpc/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// DefaultWindow is the number of notifications SendStream keeps in flight unless told otherwise. It matches the
// gateway's default MaxInFlightPerStream, beyond which the gateway stops reading anyway.
const DefaultWindow = 1000

// Client calls one gateway over one connection. It is safe for concurrent use.
type Client struct {
	conn     *grpc.ClientConn
	stub     pb.PushServiceClient
	channels pb.ChannelServiceClient
}

type dialConfig struct {
	tls    bool
	caFile string
	extra  []grpc.DialOption
}

// Option configures Dial.
type Option func(*dialConfig)

// WithTLS connects over TLS. caFile is a PEM file with the CA that signed the gateway's certificate; empty means
// the system's trusted roots.
func WithTLS(caFile string) Option {
	return func(c *dialConfig) { c.tls = true; c.caFile = caFile }
}

// WithDialOptions passes further options to grpc.DialContext (interceptors, keepalive, ...).
func WithDialOptions(opts ...grpc.DialOption) Option {
	return func(c *dialConfig) { c.extra = append(c.extra, opts...) }
}

// Dial connects to the gateway at address ("host:port"). Without WithTLS it speaks HTTP/2 in clear text (h2c).
// Like grpc.DialContext it does not wait for the connection: the first call does.
func Dial(ctx context.Context, address string, opts ...Option) (*Client, error) {
	var cfg dialConfig
	for _, o := range opts {
		o(&cfg)
	}
	var creds grpc.DialOption
	switch {
	case !cfg.tls:
		creds = grpc.WithInsecure()
	case cfg.caFile != "":
		tc, err := credentials.NewClientTLSFromFile(cfg.caFile, "")
		if err != nil {
			return nil, fmt.Errorf("pushgrpc: CA file: %w", err)
		}
		creds = grpc.WithTransportCredentials(tc)
	default:
		creds = grpc.WithTransportCredentials(credentials.NewClientTLSFromCert(nil, ""))
	}
	conn, err := grpc.DialContext(ctx, address, append([]grpc.DialOption{creds}, cfg.extra...)...)
	if err != nil {
		return nil, fmt.Errorf("pushgrpc: dial %s: %w", address, err)
	}
	return &Client{conn: conn, stub: pb.NewPushServiceClient(conn), channels: pb.NewChannelServiceClient(conn)}, nil
}

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Stub returns the generated client, for calls this package does not wrap.
func (c *Client) Stub() pb.PushServiceClient { return c.stub }

// Send delivers one notification and returns one result per device token, in token order. A notification the
// gateway refuses comes back as DELIVERY_STATUS_INVALID results, not as an error; the error is a gRPC status
// (see google.golang.org/grpc/status) only when the call itself failed.
func (c *Client) Send(ctx context.Context, n *pb.Notification) ([]*pb.DeliveryResult, error) {
	resp, err := c.stub.Send(ctx, &pb.SendRequest{Notification: n})
	if err != nil {
		return nil, err
	}
	return resp.GetResults(), nil
}

// ResultFunc receives each result of SendStream together with the notification it belongs to.
type ResultFunc func(n *pb.Notification, r *pb.DeliveryResult)

// SendStream sends every notification read from notifications through one SendStream call, keeping at most
// window notifications (DefaultWindow when window <= 0) waiting for their results, and calls onResult for every
// result as it arrives, on the calling goroutine. It returns when notifications is closed and every result has
// been handed over, or on the first error (a gRPC status, ctx's error, or a protocol error).
//
// Each notification needs an id that is unique among those in flight: results are matched to notifications by
// it. A notification is complete after one result per device token, or after one result when it has no token: a
// broadcast to a channel (Notification.ChannelId) gets one result for the channel, and a notification addressing
// nothing gets one INVALID result.
func (c *Client) SendStream(ctx context.Context, window int, notifications <-chan *pb.Notification, onResult ResultFunc) error {
	if window <= 0 {
		window = DefaultWindow
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.stub.SendStream(ctx)
	if err != nil {
		return err
	}

	type pending struct {
		n         *pb.Notification
		remaining int // results still to come
	}
	var mu sync.Mutex
	inFlight := make(map[string]*pending, window)
	slots := make(chan struct{}, window) // holds one element per notification in flight

	sendAll := func() error {
		defer stream.CloseSend() //nolint:errcheck // a failed half-close shows up in Recv
		for {
			var n *pb.Notification
			var ok bool
			select {
			case n, ok = <-notifications:
			case <-ctx.Done():
				return ctx.Err()
			}
			if !ok {
				return nil
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			expected := len(n.GetDeviceTokens())
			if expected == 0 {
				expected = 1 // a broadcast's result, or the INVALID one for a notification addressing nothing
			}
			mu.Lock()
			_, dup := inFlight[n.GetId()]
			if !dup {
				// Registered before sending: its results may arrive before Send returns.
				inFlight[n.GetId()] = &pending{n: n, remaining: expected}
			}
			mu.Unlock()
			if dup {
				return fmt.Errorf("pushgrpc: notification id %q is already in flight; ids must be unique", n.GetId())
			}
			if err := stream.Send(&pb.SendStreamRequest{Notification: n}); err != nil {
				if errors.Is(err, io.EOF) {
					return nil // the gateway ended the call; Recv tells why
				}
				return err
			}
		}
	}

	receiveAll := func() error {
		for {
			resp, err := stream.Recv()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			r := resp.GetResult()
			mu.Lock()
			p := inFlight[r.GetNotificationId()]
			if p != nil {
				p.remaining--
				if p.remaining == 0 {
					delete(inFlight, r.GetNotificationId())
					<-slots
				}
			}
			mu.Unlock()
			if p == nil {
				return fmt.Errorf("pushgrpc: result for unknown notification id %q", r.GetNotificationId())
			}
			onResult(p.n, r)
		}
	}

	// The sender runs on its own goroutine; results are read (and onResult called) on the caller's.
	sendErr := make(chan error, 1)
	go func() {
		err := sendAll()
		if err != nil {
			cancel() // ends the call, so the receive loop below stops too
		}
		sendErr <- err
	}()

	recvErr := receiveAll()
	cancel() // the call is over: release a sender still waiting for input or a slot
	switch err := <-sendErr; {
	case err != nil && !errors.Is(err, context.Canceled):
		return err // the sender's own failure caused the receive error, if any
	case recvErr != nil:
		return recvErr
	case err != nil:
		return errors.New("pushgrpc: the gateway ended the stream before every notification was sent")
	case len(inFlight) > 0:
		return fmt.Errorf("pushgrpc: stream ended with %d notifications without all their results", len(inFlight))
	}
	return nil
}
