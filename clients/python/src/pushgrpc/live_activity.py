"""Builders for Live Activity notifications: a broadcast (update or end) to a channel, and a push-to-start to
push-to-start tokens.

They return ``Notification`` messages, for ``Client.send``, ``Client.send_stream`` or further editing. The gateway
validates them; the builders only spare callers the ``Struct`` encoding, the enum names and the current timestamp.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Optional, Union

from google.protobuf.struct_pb2 import Struct

from pushgrpc.v1.notification_pb2 import Alert, Aps, LiveActivityEvent, Notification, Priority, PushType

#: A ``datetime`` (naive means local time) or UNIX seconds.
Time = Union[datetime, int]

_EVENTS = {"update": LiveActivityEvent.LIVE_ACTIVITY_EVENT_UPDATE, "end": LiveActivityEvent.LIVE_ACTIVITY_EVENT_END}


def to_struct(value: Mapping[str, Any]) -> Struct:
    """A ``google.protobuf.Struct`` with the JSON-like contents of ``value``."""
    struct = Struct()
    struct.update(value)
    return struct


def _seconds(value: Optional[Time]) -> Optional[int]:
    return int(value.timestamp()) if isinstance(value, datetime) else value


def broadcast_notification(
    app: str,
    channel_id: str,
    content_state: Mapping[str, Any],
    *,
    event: str = "update",
    timestamp: Optional[Time] = None,
    alert: Optional[Alert] = None,
    stale_date: Optional[Time] = None,
    dismissal_date: Optional[Time] = None,
    relevance_score: Optional[float] = None,
    priority: Priority = Priority.PRIORITY_UNSPECIFIED,
    expiration: Optional[int] = None,
    id: str = "",
) -> Notification:
    """A Live Activity ``event`` ("update" or "end") for every activity subscribed to ``channel_id``.

    ``timestamp`` defaults to now. Leave ``expiration`` unset (or 0) for a no-message-stored channel; ``priority``
    unspecified means 10.
    """
    # Broadcasts cannot start an activity: that is a push-to-start to a token (push_to_start_notification).
    if event not in _EVENTS:
        raise ValueError(f"event must be 'update' or 'end', not {event!r}")
    return _live_activity(
        _EVENTS[event],
        content_state,
        timestamp,
        stale_date,
        aps=dict(alert=alert, dismissal_date=_seconds(dismissal_date), relevance_score=relevance_score),
        id=id,
        app=app,
        channel_id=channel_id,
        priority=priority,
        expiration=expiration,
    )


def push_to_start_notification(
    app: str,
    device_tokens: Sequence[str],
    *,
    attributes_type: str,
    attributes: Mapping[str, Any],
    content_state: Mapping[str, Any],
    alert: Alert,
    timestamp: Optional[Time] = None,
    stale_date: Optional[Time] = None,
    relevance_score: Optional[float] = None,
    input_push_token: bool = False,
    input_push_channel: str = "",
    priority: Priority = Priority.PRIORITY_UNSPECIFIED,
    expiration: Optional[int] = None,
    id: str = "",
) -> Notification:
    """Starts a Live Activity of ``attributes_type`` on the devices of ``device_tokens`` (push-to-start tokens).

    ``input_push_token`` asks for an update token, ``input_push_channel`` subscribes the new activity to a broadcast
    channel (iOS 18+). ``timestamp`` defaults to now.
    """
    return _live_activity(
        LiveActivityEvent.LIVE_ACTIVITY_EVENT_START,
        content_state,
        timestamp,
        stale_date,
        aps=dict(
            alert=alert,
            attributes_type=attributes_type,
            attributes=to_struct(attributes),
            relevance_score=relevance_score,
            input_push_token=input_push_token,
            input_push_channel=input_push_channel,
        ),
        id=id,
        app=app,
        device_tokens=device_tokens,
        priority=priority,
        expiration=expiration,
    )


def _live_activity(
    event: int, content_state: Mapping[str, Any], timestamp: Optional[Time], stale_date: Optional[Time], *,
    aps: dict[str, Any], **notification: Any,
) -> Notification:
    """What every Live Activity notification has: its push type, event, content state, timestamp (now unless given)
    and optional stale date; ``aps`` and ``notification`` hold the other fields (None leaves one unset)."""
    return Notification(
        push_type=PushType.PUSH_TYPE_LIVEACTIVITY,
        aps=Aps(
            event=event,
            content_state=to_struct(content_state),
            timestamp=int(time.time()) if timestamp is None else _seconds(timestamp),
            stale_date=_seconds(stale_date),
            **aps,
        ),
        **notification,
    )
