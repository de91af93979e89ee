#!/usr/bin/env python3
"""Streams one notification per device token in a file through PushService.SendStream and prints a summary.

    python3 examples/send.py --address localhost:50051 --tokens tokens.txt --title Hello --body World

Exits 0 whatever the results are, 1 on a transport or gRPC error (2 on bad arguments).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

import grpc

import pushgrpc
from connection import add_connection_arguments, connect
from pushgrpc import Alert, Aps, DeliveryStatus, Notification, PushType


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="send", description=__doc__.split("\n\n")[0])
    add_connection_arguments(p)
    p.add_argument("--tokens", metavar="FILE", required=True, help="one hex device token per line")
    p.add_argument("--title", default="", help="alert title")
    p.add_argument("--body", default="", help="alert body")
    p.add_argument("--push-type", default="alert", help="apns-push-type: alert, background, voip, liveactivity, ...")
    p.add_argument("--window", type=int, default=pushgrpc.DEFAULT_WINDOW, help="notifications in flight at most")
    args = p.parse_args(argv)
    try:
        args.push_type = PushType.Value("PUSH_TYPE_" + args.push_type.upper())
    except ValueError:
        p.error(f"unknown --push-type {args.push_type!r}")
    if args.window < 1:
        p.error("--window must be at least 1")
    return args


def read_tokens(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip()]


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    tokens = read_tokens(args.tokens)
    if args.push_type == PushType.PUSH_TYPE_BACKGROUND:
        aps = Aps(content_available=True)  # a background push may carry no alert
    else:
        aps = Aps(alert=Alert(title=args.title, body=args.body))
    notifications = (
        Notification(id=f"n{i}", app=args.app, device_tokens=[t], push_type=args.push_type, aps=aps)
        for i, t in enumerate(tokens, start=1)
    )

    counts: Counter[int] = Counter()
    reasons: Counter[str] = Counter()
    try:
        with connect(args) as client:
            for _, result in client.send_stream(notifications, window=args.window):
                counts[result.status] += 1
                if result.status == DeliveryStatus.DELIVERY_STATUS_REJECTED:
                    reasons[result.reason or "unknown"] += 1
    except grpc.RpcError as e:
        print(f"send: {e.code().name}: {e.details()}", file=sys.stderr)
        return 1

    print(f"sent: {len(tokens)}")
    print(f"accepted: {counts[DeliveryStatus.DELIVERY_STATUS_ACCEPTED]}")
    rejected = counts[DeliveryStatus.DELIVERY_STATUS_REJECTED]
    if rejected:
        by_reason = ", ".join(f"{name}: {n}" for name, n in sorted(reasons.items()))
        print(f"rejected: {rejected} ({by_reason})")
    print(f"failed: {counts[DeliveryStatus.DELIVERY_STATUS_FAILED]}")
    print(f"invalid: {counts[DeliveryStatus.DELIVERY_STATUS_INVALID]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
