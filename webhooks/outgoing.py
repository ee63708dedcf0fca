"""Where a webhook may point, and the one way a delivery leaves the server.

A hook must never become a request forger against the server's own network, so every URL is
checked twice, in the form and again right before each attempt:

- http:// or https:// only, no user name or password in it;
- the host must match NEXUS_WEBHOOK_ALLOWED_HOSTS (exact names, `*.example.com` for any
  subdomain, `*` for any host; empty allows none);
- the host is resolved at send time and EVERY address it resolves to must be public: private,
  loopback, link-local, multicast, reserved, unspecified, IPv4-mapped and IPv4-in-IPv6 tunnel
  addresses are refused unless NEXUS_WEBHOOK_ALLOW_PRIVATE=1 (local development, tests);
- the connection goes to the address that was checked (never resolved a second time, so a DNS
  answer that changes between the check and the connect cannot win), with the Host header and
  TLS SNI/certificate check for the name;
- redirects are never followed (a 3xx is a failed attempt), the answer is read to at most
  MAX_RESPONSE_BYTES, and an attempt is cut off after TIMEOUT seconds (each socket operation,
  and the whole attempt).

Only the standard library (http.client), which ignores proxy environment variables too.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from core.text import strip_control_characters

TIMEOUT = 5  # seconds, for the connect and each read
MAX_RESPONSE_BYTES = 4096
USER_AGENT = "ProjectNexus-Webhooks/1"
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The URL may not be used; the message says why, for a moderator."""


class SendError(Exception):
    """The attempt was made and failed before an answer came (refused, timed out, TLS…)."""

    def __init__(self, message: str, duration_ms: int):
        super().__init__(message)
        self.duration_ms = duration_ms


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # ASCII (IDNA), lower case, no brackets around an IPv6 address
    port: int
    path: str  # with its query string


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str
    duration_ms: int
    location: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


# --- the checks ------------------------------------------------------------------------------


def allowed_hosts() -> list[str]:
    return [
        pattern.strip().lower().rstrip(".")
        for pattern in settings.NEXUS_WEBHOOK_ALLOWED_HOSTS
        if pattern.strip()
    ]


def host_is_allowed(host: str, patterns: list[str] | None = None) -> bool:
    host = host.lower().rstrip(".")
    for pattern in allowed_hosts() if patterns is None else patterns:
        if pattern == "*" or pattern == host:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
            return True
    return False


def parse(url: str) -> Target:
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        raise Refused("That is not a valid URL (check the host and the port).") from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise Refused("Only http:// and https:// URLs can be used.")
    if parts.username is not None or parts.password is not None:
        raise Refused("A URL with a user name or password in it cannot be used.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Refused("The URL has no host name.")
    try:
        host = host.encode("idna").decode("ascii") if not _is_ip(host) else host
    except UnicodeError:
        raise Refused("The URL's host name is not a valid name.") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(
        scheme=scheme, host=host, port=port or (443 if scheme == "https" else 80), path=path
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def address_refusal(address: str, *, allow_private: bool | None = None) -> str | None:
    """Why a connection to `address` is refused (None: it may be used)."""
    if allow_private is None:
        allow_private = settings.NEXUS_WEBHOOK_ALLOW_PRIVATE
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "not an IP address"
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo or (None, None))[1]
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            if not allow_private:
                return "an IPv6 address carrying an IPv4 one (IPv4-mapped or tunnelled)"
            ip = embedded
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if allow_private:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_reserved:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:
        return "not a public address"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (tests replace this to play DNS)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def check(url: str) -> tuple[Target, list[str]]:
    """The target and its addresses, every one of them allowed; Refused says why not."""
    target = parse(url)
    patterns = allowed_hosts()
    if not patterns:
        raise Refused(
            "No host is allowed yet: the operator lists the hosts webhooks may call in "
            "NEXUS_WEBHOOK_ALLOWED_HOSTS (for example hooks.slack.com,discord.com)."
        )
    if not host_is_allowed(target.host, patterns):
        raise Refused(
            f"{target.host} is not an allowed host. Webhooks may call: {', '.join(patterns)} "
            "(NEXUS_WEBHOOK_ALLOWED_HOSTS)."
        )
    try:
        addresses = resolve(target.host, target.port)
    except (OSError, UnicodeError):
        raise Refused(f"{target.host} does not resolve to any address.") from None
    if not addresses:
        raise Refused(f"{target.host} does not resolve to any address.")
    for address in addresses:
        if reason := address_refusal(address):
            shown = target.host if target.host == address else f"{target.host} ({address})"
            raise Refused(f"{shown} is {reason}: webhooks may only call public addresses.")
    return target, addresses


# --- the connection --------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked; Host says the name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the address that was checked; SNI and the certificate check use the name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def excerpt(raw: bytes, limit: int) -> str:
    """What a moderator may read of an answer: text, no control characters, bounded."""
    text = strip_control_characters(raw.decode("utf-8", errors="replace"))
    return text.strip()[:limit]


def _describe(error: Exception) -> str:
    if isinstance(error, TimeoutError | socket.timeout):
        return f"Timed out after {TIMEOUT} s."
    if isinstance(error, ConnectionRefusedError):
        return "Connection refused."
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {error.verify_message or error.reason}."
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}."
    if isinstance(error, http.client.HTTPException):
        return f"Bad HTTP answer: {type(error).__name__}."
    return (
        f"Connection failed: {error.strerror or error}."
        if isinstance(error, OSError)
        else str(error)
    )


def post(url: str, body: bytes, headers: dict[str, str], *, excerpt_chars: int = 500) -> Answer:
    """POST `body` to `url`, checked (Refused) and pinned to the checked address; SendError when
    no answer came."""
    target, addresses = check(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target.host, target.port, address=addresses[0], timeout=TIMEOUT)
    started = time.monotonic()
    # TIMEOUT bounds each socket operation; the watchdog bounds the whole attempt, so an answer
    # trickled a byte at a time cannot hold a worker for longer either.
    cut = []
    watchdog = threading.Timer(TIMEOUT, _cut_off, args=(connection, cut))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                **headers,
            },
        )
        response = connection.getresponse()
        raw = response.read(MAX_RESPONSE_BYTES)
        location = response.getheader("Location", "") or ""
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        message = f"Timed out after {TIMEOUT} s." if cut else _describe(error)
        raise SendError(message, _elapsed(started)) from error
    finally:
        watchdog.cancel()
        connection.close()
    if cut:  # the answer was cut short: do not count a partial answer as an answer
        raise SendError(f"Timed out after {TIMEOUT} s.", _elapsed(started))
    return Answer(
        status=status,
        excerpt=excerpt(raw, excerpt_chars),
        duration_ms=_elapsed(started),
        location=excerpt(location.encode(), 200),
    )


def _cut_off(connection: http.client.HTTPConnection, cut: list) -> None:
    """Wake a read that is still waiting once the attempt has taken TIMEOUT in all."""
    cut.append(True)
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _elapsed(started: float) -> int:
    return max(0, round((time.monotonic() - started) * 1000))
