package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSendPrintsSummary runs the example as a user would (flags, token file with a blank line) against the live
// gateway given by PUSHGRPC_ADDRESS.
func TestSendPrintsSummary(t *testing.T) {
	address := os.Getenv("PUSHGRPC_ADDRESS")
	if address == "" {
		t.Fatal("PUSHGRPC_ADDRESS is not set: run clients/go/test.sh against a gateway started by scripts/gateway.sh")
	}
	tokens := strings.Repeat("a", 64) + "\n\n" + "ffffffff0400" + strings.Repeat("0", 52) + "\n" + strings.Repeat("b", 64) + "\n"
	file := filepath.Join(t.TempDir(), "tokens.txt")
	if err := os.WriteFile(file, []byte(tokens), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"--address", address, "--app", "demo", "--tokens", file, "--title", "Hi", "--body", "there",
		"--push-type", "alert", "--window", "2"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit code %d, stderr: %s", code, stderr.String())
	}
	want := "sent: 3\naccepted: 2\nrejected: 1 (BadDeviceToken: 1)\nfailed: 0\ninvalid: 0\n"
	if stdout.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", stdout.String(), want)
	}
}

func TestSendFailsOnTransportError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "tokens.txt")
	if err := os.WriteFile(file, []byte(strings.Repeat("a", 64)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	// Port 1 on loopback: nothing listens there, so the call fails with UNAVAILABLE.
	if code := run(ctx, []string{"--address", "127.0.0.1:1", "--tokens", file}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit code %d, want 1 (stdout %q)", code, stdout.String())
	}
}
