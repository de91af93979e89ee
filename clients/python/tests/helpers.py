"""Values and builders shared by the tests (the fixtures are in conftest.py)."""

from pushgrpc import Alert, Aps, Notification

TIMEOUT = 60  # seconds for every call, so a hung gateway fails the test instead of stalling it
BAD_DEVICE_TOKEN = "ffffffff0400" + "0" * 52  # the simulator answers 400 BadDeviceToken


def token(i: int) -> str:
    """A distinct 64-hex-character token that the simulator accepts."""
    return format(0xB000000 + i, "064x")


def alert(id: str, *tokens: str) -> Notification:
    return Notification(id=id, app="demo", device_tokens=tokens, aps=Aps(alert=Alert(title="Hello", body="from Python")))
