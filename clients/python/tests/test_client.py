import grpc
import pytest

from helpers import BAD_DEVICE_TOKEN, TIMEOUT, alert, token
from pushgrpc import DeliveryStatus


def test_send_single(client):
    [r] = client.send(alert("single", token(1)), timeout=TIMEOUT)
    assert r.status == DeliveryStatus.DELIVERY_STATUS_ACCEPTED
    assert (r.notification_id, r.device_token, r.http_status) == ("single", token(1), 200)
    assert r.apns_id


def test_send_multicast_keeps_token_order(client):
    tokens = [token(11), token(12), token(13)]
    results = client.send(alert("multi", *tokens), timeout=TIMEOUT)
    assert [r.device_token for r in results] == tokens
    assert [r.status for r in results] == [DeliveryStatus.DELIVERY_STATUS_ACCEPTED] * 3


def test_send_rejected_bad_device_token(client):
    [r] = client.send(alert("bad", BAD_DEVICE_TOKEN), timeout=TIMEOUT)
    assert r.status == DeliveryStatus.DELIVERY_STATUS_REJECTED
    assert (r.reason, r.http_status) == ("BadDeviceToken", 400)


def test_send_invalid_token_names_the_field(client):
    [r] = client.send(alert("short", "abc"), timeout=TIMEOUT)
    assert r.status == DeliveryStatus.DELIVERY_STATUS_INVALID
    assert "device_tokens[0]" in r.message


def test_send_without_notification_is_invalid_argument(client):
    with pytest.raises(grpc.RpcError) as e:
        client.send(None, timeout=TIMEOUT)
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_send_over_tls(tls_client):
    [r] = tls_client.send(alert("tls", token(21)), timeout=TIMEOUT)
    assert r.status == DeliveryStatus.DELIVERY_STATUS_ACCEPTED


def test_send_stream_ten_thousand_with_one_invalid(client):
    total, bad = 10_000, 5_000
    notifications = (alert(f"n{i}", "abc" if i == bad else token(100_000 + i)) for i in range(1, total + 1))
    seen = set()
    invalid = []
    for n, r in client.send_stream(notifications, window=1000, timeout=TIMEOUT):
        assert (n.id, n.device_tokens[0]) == (r.notification_id, r.device_token)
        assert r.notification_id not in seen
        seen.add(r.notification_id)
        if r.status == DeliveryStatus.DELIVERY_STATUS_INVALID:
            invalid.append(r.notification_id)
        else:
            assert r.status == DeliveryStatus.DELIVERY_STATUS_ACCEPTED, r
    assert len(seen) == total
    assert invalid == [f"n{bad}"]


def test_send_stream_reports_an_error_of_the_input(client):
    def notifications():
        yield alert("ok", token(41))
        raise OSError("token source broke")

    with pytest.raises(OSError, match="token source broke"):
        list(client.send_stream(notifications(), timeout=TIMEOUT))
