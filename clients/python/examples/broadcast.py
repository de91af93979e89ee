#!/usr/bin/env python3
"""Updates a Live Activity through a broadcast channel and prints each step's result.

    python3 examples/broadcast.py --address localhost:50051 --content-state '{"score":"2-1"}' --end --delete

Creates a channel (unless --channel names one), broadcasts an update with the content state, then optionally ends the
activity and deletes the channel. Exits 0 when every step was accepted, 1 when one was not (or on a transport or
gRPC error), 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys

import grpc

import pushgrpc
from connection import add_connection_arguments, connect
from pushgrpc import Alert, DeliveryStatus, MessageStoragePolicy

POLICIES = {
    "no-message-stored": MessageStoragePolicy.MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED,
    "most-recent-message-stored": MessageStoragePolicy.MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED,
}


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="broadcast", description=__doc__.split("\n\n")[0])
    add_connection_arguments(p)
    p.add_argument("--channel", metavar="ID", help="an existing channel (default: create one)")
    p.add_argument("--storage", choices=POLICIES, default="no-message-stored", help="storage policy of a new channel")
    p.add_argument("--content-state", metavar="JSON", required=True, help="the activity's content state, a JSON object")
    p.add_argument("--title", default="", help="alert title")
    p.add_argument("--body", default="", help="alert body")
    p.add_argument("--end", action="store_true", help="then end the activity")
    p.add_argument("--delete", action="store_true", help="then delete the channel")
    args = p.parse_args(argv)
    try:
        args.content_state = json.loads(args.content_state)
    except ValueError as e:
        p.error(f"--content-state: {e}")
    if not isinstance(args.content_state, dict):
        p.error("--content-state must be a JSON object")
    return args


def describe(result) -> str:
    """"ACCEPTED apns-request-id=...", or the status with what APNs or the gateway said (a DeliveryResult or a
    ChannelResult)."""
    parts = [DeliveryStatus.Name(result.status).removeprefix("DELIVERY_STATUS_")]
    if result.apns_request_id:
        parts.append(f"apns-request-id={result.apns_request_id}")
    if result.status != DeliveryStatus.DELIVERY_STATUS_ACCEPTED:
        if result.http_status:
            parts.append(f"http={result.http_status}")
        if result.reason:
            parts.append(f"reason={result.reason}")
        if result.message:
            parts.append(f"message={json.dumps(result.message)}")
    return " ".join(parts)


def run(client: pushgrpc.Client, args: argparse.Namespace) -> int:
    def accepted(step: str, result) -> bool:
        print(f"{step}: {describe(result)}", flush=True)
        return result.status == DeliveryStatus.DELIVERY_STATUS_ACCEPTED

    channel_id = args.channel
    if not channel_id:
        created = client.create_channel(args.app, POLICIES[args.storage])
        if not accepted("create", created.result):
            return 1
        channel_id = created.channel.id
    print(f"channel: {channel_id}")

    alert = Alert(title=args.title, body=args.body) if args.title or args.body else None
    if not accepted("update", client.broadcast(args.app, channel_id, args.content_state, alert=alert)):
        return 1
    if args.end and not accepted("end", client.broadcast(args.app, channel_id, args.content_state, alert=alert,
                                                         event="end")):
        return 1
    if args.delete and not accepted("delete", client.delete_channel(args.app, channel_id).result):
        return 1
    return 0


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        with connect(args) as client:
            return run(client, args)
    except grpc.RpcError as e:
        print(f"broadcast: {e.code().name}: {e.details()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
