"""The PushGrpc client: a channel to the gateway, unary Send, SendStream with a bounded window, Live Activity
broadcasts and the ChannelService calls that manage their channel_service_pb2."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Optional

import grpc

from pushgrpc.live_activity import broadcast_notification
from pushgrpc.v1 import channel_service_pb2, channel_service_pb2_grpc, push_service_pb2, push_service_pb2_grpc
from pushgrpc.v1.delivery_result_pb2 import DeliveryResult
from pushgrpc.v1.notification_pb2 import Notification

# Notifications send_stream keeps in flight unless told otherwise. It matches the gateway's default
# MaxInFlightPerStream, beyond which the gateway stops reading anyway.
DEFAULT_WINDOW = 1000


class ProtocolError(RuntimeError):
    """The gateway answered something the contract does not allow (a result for an unknown notification id, or a
    stream that ended before every result came)."""


def connect(
    address: str = "localhost:50051",
    *,
    tls: bool = False,
    ca_file: Optional[str] = None,
    options: Optional[list[tuple[str, object]]] = None,
) -> "Client":
    """Opens a channel to the gateway at ``address`` ("host:port").

    Without ``tls`` (or ``ca_file``) it speaks HTTP/2 in clear text (h2c). With TLS, ``ca_file`` is a PEM file with the
    CA that signed the gateway's certificate; without it the system's trusted roots are used. ``options`` are gRPC
    channel arguments. Like grpc's channels it connects lazily, on the first call.
    """
    if tls or ca_file:
        roots = None
        if ca_file:
            with open(ca_file, "rb") as f:
                roots = f.read()
        channel = grpc.secure_channel(address, grpc.ssl_channel_credentials(root_certificates=roots), options=options)
    else:
        channel = grpc.insecure_channel(address, options=options)
    return Client(channel)


class Client:
    """Calls one gateway over one channel. Safe to share between threads; close it (or use ``with``) when done.

    Failed calls raise ``grpc.RpcError``, whose ``code()`` is the gRPC status (for example
    ``grpc.StatusCode.INVALID_ARGUMENT`` for a Send without a notification, ``UNAVAILABLE`` when the gateway cannot
    be reached). A notification the gateway's validation refuses is not an error: it comes back as results with
    status ``DELIVERY_STATUS_INVALID`` and a message naming the field.
    """

    def __init__(self, channel: grpc.Channel):
        self.channel = channel
        self.stub = push_service_pb2_grpc.PushServiceStub(channel)
        self.channel_stub = channel_service_pb2_grpc.ChannelServiceStub(channel)

    def close(self) -> None:
        self.channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, notification: Optional[Notification], *, timeout: Optional[float] = None) -> list[DeliveryResult]:
        """Delivers one notification; returns one result per device token, in token order (one result for a
        broadcast to a channel)."""
        request = push_service_pb2.SendRequest(notification=notification)
        return list(self.stub.Send(request, timeout=timeout).results)

    def broadcast(self, app: str, channel_id: str, content_state: Mapping[str, Any], *,
                  timeout: Optional[float] = None, **fields) -> DeliveryResult:
        """Sends a Live Activity update (or ``event="end"``) to a channel and returns its one result, which echoes
        ``channel_id`` and carries APNs's ``apns_request_id``. ``fields`` are the keyword arguments of
        ``pushgrpc.broadcast_notification``."""
        results = self.send(broadcast_notification(app, channel_id, content_state, **fields), timeout=timeout)
        if len(results) != 1:
            raise ProtocolError(f"a broadcast got {len(results)} results instead of one")
        return results[0]

    # ChannelService: each call returns the response, whose ``result`` says what APNs answered (the call raises
    # grpc.RpcError only when it fails as a whole).

    def create_channel(self, app: str, message_storage_policy: int, *,
                       timeout: Optional[float] = None) -> channel_service_pb2.CreateChannelResponse:
        """Creates a broadcast channel; ``channel`` (id and storage policy) is set when the result is ACCEPTED."""
        request = channel_service_pb2.CreateChannelRequest(app=app, message_storage_policy=message_storage_policy)
        return self.channel_stub.CreateChannel(request, timeout=timeout)

    def get_channel(self, app: str, channel_id: str, *,
                    timeout: Optional[float] = None) -> channel_service_pb2.GetChannelResponse:
        """Reads a channel's configuration."""
        request = channel_service_pb2.GetChannelRequest(app=app, channel_id=channel_id)
        return self.channel_stub.GetChannel(request, timeout=timeout)

    def delete_channel(self, app: str, channel_id: str, *,
                       timeout: Optional[float] = None) -> channel_service_pb2.DeleteChannelResponse:
        """Deletes a channel for good."""
        request = channel_service_pb2.DeleteChannelRequest(app=app, channel_id=channel_id)
        return self.channel_stub.DeleteChannel(request, timeout=timeout)

    def list_channels(self, app: str, *, timeout: Optional[float] = None) -> channel_service_pb2.ListChannelsResponse:
        """Lists the ids of all of ``app``'s channels (``channel_ids``)."""
        return self.channel_stub.ListChannels(channel_service_pb2.ListChannelsRequest(app=app), timeout=timeout)

    def send_stream(
        self,
        notifications: Iterable[Notification],
        *,
        window: int = DEFAULT_WINDOW,
        timeout: Optional[float] = None,
    ) -> Iterator[tuple[Notification, DeliveryResult]]:
        """Streams ``notifications`` through one SendStream call and yields ``(notification, result)`` for every
        result, as the gateway answers (in any order).

        At most ``window`` notifications wait for their results at a time: ``notifications`` is read lazily, so it
        may be a generator of any length. Each notification needs an ``id`` unique among those in flight, since
        results are matched to notifications by it; a notification is complete after one result per device token
        (one result when it has no token, as a broadcast to a channel). Stopping the iteration early cancels the
        call.
        """
        if window < 1:
            raise ValueError("window must be at least 1")
        slots = threading.Semaphore(window)
        lock = threading.Lock()
        in_flight: dict[str, list] = {}  # id -> [notification, results still to come]
        done = threading.Event()
        failures: list[BaseException] = []  # an exception raised while producing requests
        calls: list[grpc.Call] = []

        # grpc consumes this generator on its own thread, so waiting here for a free slot holds the requests back
        # without blocking the caller's thread, which reads the results below.
        def requests() -> Iterator[push_service_pb2.SendStreamRequest]:
            try:
                for n in notifications:
                    while not slots.acquire(timeout=0.05):
                        if done.is_set():
                            return
                    if done.is_set():
                        return
                    with lock:
                        if n.id in in_flight:
                            raise ValueError(f"notification id {n.id!r} is already in flight; ids must be unique")
                        # Registered before it is sent: its results may come back at once.
                        in_flight[n.id] = [n, max(1, len(n.device_tokens))]
                    yield push_service_pb2.SendStreamRequest(notification=n)
            except Exception as e:  # handed to the caller below instead of grpc's "Exception iterating requests"
                failures.append(e)
                if calls:
                    calls[0].cancel()

        call = self.stub.SendStream(requests(), timeout=timeout)
        calls.append(call)
        try:
            for response in call:
                result = response.result
                with lock:
                    entry = in_flight.get(result.notification_id)
                    if entry is not None:
                        entry[1] -= 1
                        if entry[1] == 0:
                            del in_flight[result.notification_id]
                            slots.release()
                if entry is None:
                    raise ProtocolError(f"result for unknown notification id {result.notification_id!r}")
                yield entry[0], result
        except grpc.RpcError:
            if failures:
                raise failures[0] from None
            raise
        finally:
            done.set()
            call.cancel()  # no-op after a normal end; stops the call when the caller stopped iterating early
        if failures:
            raise failures[0]
        if in_flight:
            raise ProtocolError(f"stream ended with {len(in_flight)} notifications without all their results")
