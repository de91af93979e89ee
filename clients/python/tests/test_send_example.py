"""Runs examples/send.py as a user would, in its own process, against the live gateway."""


def test_send_prints_summary(address, tmp_path, run_example):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("a" * 64 + "\n\n" + "ffffffff0400" + "0" * 52 + "\n" + "b" * 64 + "\n")
    p = run_example("send", "--address", address, "--app", "demo", "--tokens", str(tokens), "--title", "Hi",
                    "--body", "there", "--push-type", "alert", "--window", "2")
    assert p.returncode == 0, p.stderr
    assert p.stdout == "sent: 3\naccepted: 2\nrejected: 1 (BadDeviceToken: 1)\nfailed: 0\ninvalid: 0\n"


def test_send_exits_1_on_transport_error(tmp_path, run_example):
    tokens = tmp_path / "tokens.txt"
    tokens.write_text("a" * 64 + "\n")
    # Nothing listens on port 1 of the loopback: the call fails with UNAVAILABLE.
    p = run_example("send", "--address", "127.0.0.1:1", "--tokens", str(tokens))
    assert p.returncode == 1
    assert "UNAVAILABLE" in p.stderr
