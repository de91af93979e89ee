"""Client for the PushGrpc gateway: connect (h2c or TLS), send one notification, stream many with a bounded window.

    import pushgrpc
    from pushgrpc import Notification, Aps, Alert

    with pushgrpc.connect("localhost:50051") as client:
        results = client.send(Notification(id="n1", app="demo", device_tokens=[token],
                                           aps=Aps(alert=Alert(title="Hi", body="there"))))

The generated messages live in ``pushgrpc.v1`` (``pushgrpc.v1.notification_pb2`` and so on); the common ones are
re-exported here. Live Activities through broadcast channels:

    with pushgrpc.connect("localhost:50051") as client:
        channel = client.create_channel("demo", MessageStoragePolicy.MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED).channel
        result = client.broadcast("demo", channel.id, {"score": "2-1"})
"""

# The generated code (clients/python/gen/pushgrpc/v1) imports itself as ``pushgrpc.v1``: let this package span
# every ``pushgrpc`` folder on sys.path, so ``pushgrpc.v1`` resolves both from a source checkout (src/ and gen/ on
# the path) and from an installed wheel (where both are one folder).
from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

from pushgrpc.client import DEFAULT_WINDOW, Client, ProtocolError, connect  # noqa: E402
from pushgrpc.live_activity import broadcast_notification, push_to_start_notification, to_struct  # noqa: E402
from pushgrpc.v1.channel_service_pb2 import BroadcastChannel, ChannelResult, MessageStoragePolicy  # noqa: E402
from pushgrpc.v1.delivery_result_pb2 import DeliveryResult, DeliveryStatus  # noqa: E402
from pushgrpc.v1.notification_pb2 import (  # noqa: E402
    Alert,
    Aps,
    CriticalSound,
    InterruptionLevel,
    LiveActivityEvent,
    Notification,
    Priority,
    PushType,
)

__all__ = [
    "DEFAULT_WINDOW",
    "Alert",
    "Aps",
    "BroadcastChannel",
    "ChannelResult",
    "Client",
    "CriticalSound",
    "DeliveryResult",
    "DeliveryStatus",
    "InterruptionLevel",
    "LiveActivityEvent",
    "MessageStoragePolicy",
    "Notification",
    "Priority",
    "ProtocolError",
    "PushType",
    "broadcast_notification",
    "connect",
    "push_to_start_notification",
    "to_struct",
]
