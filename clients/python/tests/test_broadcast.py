"""Broadcast channels and Live Activity pushes against the live gateway, and the broadcast example."""

import re
import time

import pytest

import pushgrpc
from helpers import TIMEOUT, alert, token
from pushgrpc import Alert, DeliveryStatus, MessageStoragePolicy, Notification

NO_MESSAGE_STORED = MessageStoragePolicy.MESSAGE_STORAGE_POLICY_NO_MESSAGE_STORED
MOST_RECENT_MESSAGE_STORED = MessageStoragePolicy.MESSAGE_STORAGE_POLICY_MOST_RECENT_MESSAGE_STORED
ACCEPTED = DeliveryStatus.DELIVERY_STATUS_ACCEPTED


def push_to_start(id: str, *tokens: str) -> Notification:
    return pushgrpc.push_to_start_notification(
        "demo",
        tokens,
        id=id,
        attributes_type="MatchAttributes",
        attributes={"home": "Lions", "away": "Tigers"},
        content_state={"score": "0-0"},
        alert=Alert(title="Kick-off", body="Lions v Tigers"),
    )


@pytest.fixture
def new_channel(client):
    """Creates channels with a storage policy; deletes those still there after the test."""
    created = []

    def create(policy: int) -> str:
        response = client.create_channel("demo", policy, timeout=TIMEOUT)
        assert response.result.status == ACCEPTED, response.result
        assert response.channel.id
        assert response.channel.message_storage_policy == policy
        created.append(response.channel.id)
        return response.channel.id

    yield create
    for channel_id in created:
        client.delete_channel("demo", channel_id, timeout=TIMEOUT)


def test_channel_lifecycle(client, new_channel):
    channel_id = new_channel(NO_MESSAGE_STORED)

    listed = client.list_channels("demo", timeout=TIMEOUT)
    assert listed.result.status == ACCEPTED
    assert channel_id in listed.channel_ids

    r = client.broadcast("demo", channel_id, {"score": "1-0", "minute": 12}, id="b1", timeout=TIMEOUT)
    assert (r.status, r.notification_id, r.channel_id, r.device_token) == (ACCEPTED, "b1", channel_id, "")
    assert r.apns_request_id

    got = client.get_channel("demo", channel_id, timeout=TIMEOUT)
    assert got.result.status == ACCEPTED
    assert (got.channel.id, got.channel.message_storage_policy) == (channel_id, NO_MESSAGE_STORED)

    assert client.delete_channel("demo", channel_id, timeout=TIMEOUT).result.status == ACCEPTED

    gone = client.get_channel("demo", channel_id, timeout=TIMEOUT)
    assert (gone.result.status, gone.result.reason) == (DeliveryStatus.DELIVERY_STATUS_REJECTED, "ChannelNotRegistered")


def test_expiration_on_no_message_stored_channel_is_invalid(client, new_channel):
    channel_id = new_channel(NO_MESSAGE_STORED)
    r = client.broadcast("demo", channel_id, {"score": "1-0"}, expiration=int(time.time()) + 3600, timeout=TIMEOUT)
    assert r.status == DeliveryStatus.DELIVERY_STATUS_INVALID
    assert "expiration" in r.message


def test_end_on_most_recent_message_channel_with_expiration(client, new_channel):
    channel_id = new_channel(MOST_RECENT_MESSAGE_STORED)
    r = client.broadcast("demo", channel_id, {"score": "2-1"}, event="end", dismissal_date=int(time.time()),
                         expiration=int(time.time()) + 3600, timeout=TIMEOUT)
    assert (r.status, r.channel_id) == (ACCEPTED, channel_id), r


def test_send_stream_mixes_a_broadcast_and_a_device_token(client, new_channel):
    channel_id = new_channel(NO_MESSAGE_STORED)
    notifications = [
        pushgrpc.broadcast_notification("demo", channel_id, {"score": "3-1"}, id="s-channel"),
        alert("s-token", token(600)),
    ]
    results = {r.notification_id: r for _, r in client.send_stream(notifications, timeout=TIMEOUT)}
    assert sorted(results) == ["s-channel", "s-token"]
    assert (results["s-channel"].status, results["s-channel"].channel_id) == (ACCEPTED, channel_id)
    assert results["s-channel"].apns_request_id
    assert (results["s-token"].status, results["s-token"].device_token) == (ACCEPTED, token(600))


def test_push_to_start_is_accepted(client):
    n = push_to_start("start", token(601))
    n.aps.input_push_token = True
    [r] = client.send(n, timeout=TIMEOUT)
    assert (r.status, r.device_token) == (ACCEPTED, token(601)), r


def test_push_to_start_without_attributes_type_is_invalid(client):
    n = push_to_start("start-untyped", token(602))
    n.aps.ClearField("attributes_type")
    [r] = client.send(n, timeout=TIMEOUT)
    assert r.status == DeliveryStatus.DELIVERY_STATUS_INVALID
    assert "aps.attributes_type" in r.message


def test_a_broadcast_cannot_start_an_activity():
    with pytest.raises(ValueError):
        pushgrpc.broadcast_notification("demo", "c", {}, event="start")


def test_broadcast_example(address, run_example):
    p = run_example("broadcast", "--address", address, "--app", "demo", "--storage", "most-recent-message-stored",
                    "--content-state", '{"score":"1-0"}', "--title", "Goal", "--body", "Lions lead",
                    "--end", "--delete")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 5, p.stdout
    assert re.fullmatch(r"create: ACCEPTED apns-request-id=\S+", lines[0])
    channel_id = re.fullmatch(r"channel: (\S+)", lines[1]).group(1)
    assert re.fullmatch(r"update: ACCEPTED apns-request-id=\S+", lines[2])
    assert re.fullmatch(r"end: ACCEPTED apns-request-id=\S+", lines[3])
    assert re.fullmatch(r"delete: ACCEPTED apns-request-id=\S+", lines[4])

    again = run_example("broadcast", "--address", address, "--channel", channel_id,
                        "--content-state", '{"score":"1-1"}')
    assert again.returncode == 1
    channel_line, update_line = again.stdout.splitlines()
    assert channel_line == f"channel: {channel_id}"
    # The gateway reads the channel's storage policy before broadcasting; that read is what APNs refuses.
    rejected = r'update: REJECTED apns-request-id=\S+ http=400 reason=ChannelNotRegistered message=".+"'
    assert re.fullmatch(rejected, update_line)
