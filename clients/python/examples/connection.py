"""The flags every example takes to reach the gateway, so that they read the same in each."""

from __future__ import annotations

import argparse

import pushgrpc


def add_connection_arguments(p: argparse.ArgumentParser) -> None:
    """--address HOST:PORT, --tls, --ca FILE and --app NAME."""
    p.add_argument("--address", default="localhost:50051", help="gateway address, HOST:PORT")
    p.add_argument("--tls", action="store_true", help="connect over TLS (system roots unless --ca is given)")
    p.add_argument("--ca", metavar="FILE", help="PEM file with the CA of the gateway's certificate (implies --tls)")
    p.add_argument("--app", default="demo", help="app name configured in the gateway")


def connect(args: argparse.Namespace) -> pushgrpc.Client:
    """A client for the parsed connection flags."""
    return pushgrpc.connect(args.address, tls=args.tls, ca_file=args.ca)
