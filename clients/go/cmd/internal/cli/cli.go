// Package cli holds what the example commands share: the flags that say which gateway to call and how.
package cli

import (
	"context"
	"flag"

	"github.com/pushgrpc/pushgrpc/clients/go/pushgrpc"
)

// Gateway is the connection flags' values after parsing.
type Gateway struct {
	address string
	useTLS  bool
	caFile  string
	App     string
}

// GatewayFlags defines --address, --tls, --ca and --app on fs.
func GatewayFlags(fs *flag.FlagSet) *Gateway {
	g := &Gateway{}
	fs.StringVar(&g.address, "address", "localhost:50051", "gateway address, HOST:PORT")
	fs.BoolVar(&g.useTLS, "tls", false, "connect over TLS (system roots unless --ca is given)")
	fs.StringVar(&g.caFile, "ca", "", "PEM file with the CA that signed the gateway's certificate (implies --tls)")
	fs.StringVar(&g.App, "app", "demo", "app name configured in the gateway")
	return g
}

// Dial connects as the flags say.
func (g *Gateway) Dial(ctx context.Context) (*pushgrpc.Client, error) {
	var opts []pushgrpc.Option
	if g.useTLS || g.caFile != "" {
		opts = append(opts, pushgrpc.WithTLS(g.caFile))
	}
	return pushgrpc.Dial(ctx, g.address, opts...)
}
