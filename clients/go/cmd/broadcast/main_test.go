package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"testing"
	"time"
)

// TestBroadcastCreatesUpdatesAndDeletes runs the example as a user would against the live gateway given by
// PUSHGRPC_ADDRESS.
func TestBroadcastCreatesUpdatesAndDeletes(t *testing.T) {
	address := os.Getenv("PUSHGRPC_ADDRESS")
	if address == "" {
		t.Fatal("PUSHGRPC_ADDRESS is not set: run clients/go/test.sh against a gateway started by scripts/gateway.sh")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"--address", address, "--app", "demo", "--content-state", `{"score":"2-1","minute":88}`,
		"--title", "Goal", "--body", "2-1", "--delete"}, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit code %d, stdout: %s, stderr: %s", code, stdout.String(), stderr.String())
	}
	want := regexp.MustCompile(`^create: ACCEPTED 201 \(apns-request-id \S+\)\nchannel: \S+\n` +
		`update: ACCEPTED 200 \(apns-request-id \S+\)\ndelete: ACCEPTED 204 \(apns-request-id \S+\)\n$`)
	if !want.MatchString(stdout.String()) {
		t.Fatalf("output:\n%s\nwant it to match %s", stdout.String(), want)
	}
}

func TestBroadcastRefusesContentStateThatIsNotAnObject(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"--content-state", "[1,2]"}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit code %d, want 2 (stderr %q)", code, stderr.String())
	}
}
