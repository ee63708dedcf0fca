"""A local receiver (an http.server on 127.0.0.1, on a port the system picks, in a thread) and
hooks pointing at it. Tests never call anything but this receiver."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core import events
from webhooks.models import Hook


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str = ""
    requests: list[Received] = field(default_factory=list)
    # What the next answers are: (status, body, extra headers); the last one repeats.
    answers: list[tuple[int, bytes, dict]] = field(default_factory=lambda: [(200, b"ok", {})])

    def answer(self, status: int, body: bytes = b"", **headers) -> None:
        self.answers = [(status, body, headers)]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            receiver.requests.append(
                Received(self.path, dict(self.headers.items()), self.rfile.read(length))
            )
            status, body, headers = (
                receiver.answers.pop(0) if len(receiver.answers) > 1 else receiver.answers[0]
            )
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


@pytest.fixture
def receiver():
    state = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def closed_port_url():
    """A URL on 127.0.0.1 where nothing listens: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"


@pytest.fixture(autouse=True)
def _local_receiver_allowed(settings):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.NEXUS_WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the commit would run after it (and what those run)."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def make_hook(db, receiver):
    def make(*, events_=events.NAMES, topics=(), url=None, **fields) -> Hook:
        hook = Hook.objects.create(
            name=fields.pop("name", "Local receiver"),
            url=url or receiver.url,
            events=list(events_),
            **fields,
        )
        hook.topics.set(topics)
        return hook

    return make
