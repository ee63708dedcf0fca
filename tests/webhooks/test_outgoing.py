"""A hook can never be turned into a request forger: only http(s), only allowed hosts, only
public addresses (checked on what the name resolves to at send time), connected to the address
that was checked."""

import socket

import pytest

from webhooks import outgoing

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_only(settings):
    settings.NEXUS_WEBHOOK_ALLOW_PRIVATE = False


def _refusal(url: str) -> str:
    with pytest.raises(outgoing.Refused) as refused:
        outgoing.check(url)
    return str(refused.value)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.1.2.3/hook", "10.1.2.3 is a private address"),
        ("http://192.168.0.10/hook", "192.168.0.10 is a private address"),
        ("http://127.0.0.1:8000/hook", "127.0.0.1 is a loopback address"),
        ("http://127.9.9.9/hook", "127.9.9.9 is a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
        ("http://[::1]/hook", "::1 is a loopback address"),
        ("http://[fe80::1]/hook", "fe80::1 is a link-local address"),
        ("http://[fd00::1]/hook", "fd00::1 is a private address"),
        ("http://[::ffff:127.0.0.1]/hook", "::ffff:127.0.0.1 is an IPv6 address carrying an IPv4"),
        ("http://[::ffff:8.8.8.8]/hook", "::ffff:8.8.8.8 is an IPv6 address carrying an IPv4"),
        ("http://[64:ff9b::a00:1]/hook", "64:ff9b::a00:1 is an IPv6 address carrying an IPv4"),
        ("http://0.0.0.0/hook", "0.0.0.0 is the unspecified address"),
        ("http://224.0.0.1/hook", "224.0.0.1 is a multicast address"),
        ("http://240.0.0.1/hook", "240.0.0.1 is a reserved address"),
        ("http://100.64.0.1/hook", "100.64.0.1 is not a public address"),  # carrier-grade NAT
    ],
)
def test_private_and_special_addresses_are_refused(settings, public_only, url, reason):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["*"]
    assert _refusal(url).startswith(reason)


def test_a_name_that_resolves_to_loopback_is_refused(settings, public_only, monkeypatch):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["*.example.com"]
    monkeypatch.setattr(outgoing, "resolve", lambda host, port: ["127.0.0.1"])
    assert _refusal("https://hooks.example.com/x") == (
        "hooks.example.com (127.0.0.1) is a loopback address: webhooks may only call public "
        "addresses."
    )


def test_one_private_address_among_public_ones_is_enough_to_refuse(
    settings, public_only, monkeypatch
):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["hooks.example.com"]
    monkeypatch.setattr(outgoing, "resolve", lambda host, port: ["93.184.215.14", "10.0.0.7"])
    assert "(10.0.0.7) is a private address" in _refusal("https://hooks.example.com/x")


def test_a_public_address_on_an_allowed_host_is_accepted(settings, public_only, monkeypatch):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["*.slack.com"]
    monkeypatch.setattr(outgoing, "resolve", lambda host, port: ["34.200.1.1", "2600:1f18::1"])
    target, addresses = outgoing.check("https://hooks.slack.com/services/T0/B0/x?y=1")
    assert target == outgoing.Target("https", "hooks.slack.com", 443, "/services/T0/B0/x?y=1")
    assert addresses == ["34.200.1.1", "2600:1f18::1"]


def test_a_name_that_does_not_resolve(settings, monkeypatch):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["nowhere.example.com"]

    def fail(host, port):
        raise OSError("Name or service not known")

    monkeypatch.setattr(outgoing, "resolve", fail)
    assert _refusal("https://nowhere.example.com/") == (
        "nowhere.example.com does not resolve to any address."
    )


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1:70/", "javascript:alert(1)",
     "127.0.0.1/hook", "//127.0.0.1/hook", ""],
)  # fmt: skip
def test_only_http_and_https(url):
    assert _refusal(url) == "Only http:// and https:// URLs can be used."


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://user:pw@127.0.0.1/", "A URL with a user name or password in it cannot be used."),
        ("http://127.0.0.1:99999/", "That is not a valid URL (check the host and the port)."),
        ("http:///hook", "The URL has no host name."),
    ],
)
def test_malformed_urls(url, message):
    assert _refusal(url) == message


@pytest.mark.parametrize(
    ("host", "patterns", "allowed"),
    [
        ("hooks.slack.com", ["*.slack.com"], True),
        ("a.b.slack.com", ["*.slack.com"], True),
        ("slack.com", ["*.slack.com"], False),
        ("evilslack.com", ["*.slack.com"], False),
        ("hooks.slack.com.evil.net", ["*.slack.com"], False),
        ("discord.com", ["hooks.slack.com", "discord.com"], True),
        ("DISCORD.com.", ["discord.com"], True),
        ("anything.example", ["*"], True),
        ("anything.example", [], False),
    ],
)
def test_allowed_host_patterns(host, patterns, allowed):
    assert outgoing.host_is_allowed(host, patterns) is allowed


def test_hosts_that_are_not_listed_are_refused(settings):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["*.slack.com", "discord.com"]
    assert _refusal("https://evil.example.com/hook") == (
        "evil.example.com is not an allowed host. Webhooks may call: *.slack.com, discord.com "
        "(NEXUS_WEBHOOK_ALLOWED_HOSTS)."
    )


def test_with_no_allowed_hosts_nothing_is_allowed(settings):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = []
    assert "NEXUS_WEBHOOK_ALLOWED_HOSTS" in _refusal("https://hooks.slack.com/services/x")


def test_private_addresses_only_with_the_flag(settings):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.NEXUS_WEBHOOK_ALLOW_PRIVATE = True
    assert outgoing.check("http://127.0.0.1:9/")[1] == ["127.0.0.1"]
    settings.NEXUS_WEBHOOK_ALLOW_PRIVATE = False
    assert "loopback" in _refusal("http://127.0.0.1:9/")


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(
    settings, monkeypatch, receiver
):
    """The name is resolved once, checked, and that address is connected to: a DNS answer that
    changes between check and connect (rebinding) is never used. Host carries the name."""
    port = receiver.url.split(":")[2].split("/")[0]
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["hooks.example.test"]
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])  # a second lookup would get another address
    lookups = []

    def resolve(host, port):
        lookups.append(host)
        return next(answers)

    monkeypatch.setattr(outgoing, "resolve", resolve)
    connected = []
    real_connect = outgoing.socket.create_connection

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(outgoing.socket, "create_connection", create_connection)

    answer = outgoing.post(f"http://hooks.example.test:{port}/hook", b"{}", {})

    assert answer.status == 200
    assert lookups == ["hooks.example.test"]
    assert connected == [("127.0.0.1", int(port))]
    (request,) = receiver.requests
    assert request.headers["Host"] == f"hooks.example.test:{port}"
    assert request.headers["User-Agent"] == "ProjectNexus-Webhooks/1"


def test_https_verifies_the_certificate_for_the_name(settings, monkeypatch, receiver):
    """TLS to the checked address with SNI (and the certificate check) for the name: a plain
    HTTP server on the other end fails the handshake, and nothing is sent in the clear."""
    port = receiver.url.split(":")[2].split("/")[0]
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["hooks.example.test"]
    monkeypatch.setattr(outgoing, "resolve", lambda host, port: ["127.0.0.1"])
    wrapped = []
    real_wrap = outgoing.ssl.SSLContext.wrap_socket

    def wrap_socket(self, sock, *args, server_hostname=None, **kwargs):
        wrapped.append((server_hostname, self.verify_mode, self.check_hostname))
        return real_wrap(self, sock, *args, server_hostname=server_hostname, **kwargs)

    monkeypatch.setattr(outgoing.ssl.SSLContext, "wrap_socket", wrap_socket)

    with pytest.raises(outgoing.SendError) as error:
        outgoing.post(f"https://hooks.example.test:{port}/hook", b"{}", {})

    assert wrapped == [("hooks.example.test", outgoing.ssl.CERT_REQUIRED, True)]
    assert str(error.value).startswith(("TLS", "Connection failed", "Bad HTTP answer"))
    assert receiver.requests == []


def test_an_answer_trickled_slowly_is_cut_off(settings, monkeypatch):
    """Each read is quick enough for the socket timeout, but the whole answer takes too long:
    the attempt is cut off at TIMEOUT in all, so a receiver cannot hold a worker."""
    import threading
    import time

    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    monkeypatch.setattr(outgoing, "TIMEOUT", 0.6)
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    stop = threading.Event()

    def trickle():
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"x" * 100:
                if stop.is_set():
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.1)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        with pytest.raises(outgoing.SendError) as error:
            outgoing.post(f"http://127.0.0.1:{port}/hook", b"{}", {})
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()

    # (Without the cut-off, each byte comes in time for the socket timeout and the answer
    # runs to its end: a different error, much later.)
    assert str(error.value) == "Timed out after 0.6 s."
