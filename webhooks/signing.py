"""How a delivery is signed, and how a receiver checks it (docs/webhooks.md shows the same).

    X-Nexus-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>

The timestamp is signed with the body, so a receiver that refuses old timestamps (REPLAY_WINDOW)
cannot be fed a captured delivery again later.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time

REPLAY_WINDOW = 300  # seconds a receiver should accept a timestamp for (either side of now)


def body_bytes(payload) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(
    secret: str, header: str, body: bytes, *, window: int = REPLAY_WINDOW, now: float | None = None
) -> bool:
    """What a receiver does: a well-formed header, a fresh timestamp, a matching signature."""
    try:
        fields = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > window:
        return False
    expected = signature(secret, timestamp, body)
    return hmac.compare_digest(expected, fields.get("v1", ""))
