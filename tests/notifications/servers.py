"""Real servers the notification tests talk to: an SMTP server (aiosmtpd), one that holds a message until
told to go on, an SMTP server that accepts connections and never answers, and a scripted HTTP server standing
in for Discord's API. Also a way to stop the "worker" (this test's main thread) in the middle of a send."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import signal
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Inbox:
    """What a real SMTP server received, parsed with the standard library."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)

    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: object, session: object, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@dataclass
class HoldingInbox(Inbox):
    """Keeps the first message's DATA unanswered until `release` is set (`holding` says it has begun), as a
    slow mail server would; later messages are answered at once. With `held_reply` (e.g. "554 ..."), the
    held message is answered with it instead of being accepted."""

    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    held_reply: str | None = None

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        if not self.holding.is_set():
            self.holding.set()
            await asyncio.to_thread(self.release.wait, 10)
            if self.held_reply is not None:
                return self.held_reply
        return await super().handle_DATA(server, session, envelope)


@contextmanager
def smtp_server(inbox: Inbox | None = None) -> Iterator[tuple[Inbox, int]]:
    inbox = inbox if inbox is not None else Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@contextmanager
def silent_smtp_server() -> Iterator[int]:
    """Accepts TCP connections and never says a word (no greeting), like a hung mail server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                held.append(conn)
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()


class WorkerKilled(BaseException):
    """The worker process stopped (killed, out of memory, machine gone). Not an Exception, so no handler in
    the delivery code sees it, just as none runs when a process is killed."""


@contextmanager
def worker_killed_after(seconds: float) -> Iterator[None]:
    """Raise WorkerKilled in the main thread after `seconds`, wherever it is (e.g. waiting on a server)."""

    def die(signum: int, frame: object) -> None:
        raise WorkerKilled(f"signal {signum}")

    previous = signal.signal(signal.SIGALRM, die)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def smtp_mailers(port: int, *, timeout: float = 2) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": timeout},
        }
    }


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class ScriptedApi:
    """A local HTTP server answering each request with the next scripted (status, json, headers)."""

    script: list[tuple[int, Any, dict[str, str]]]
    requests: list[Recorded] = field(default_factory=list)
    base_url: str = ""


@contextmanager
def scripted_http_server(script: list[tuple[int, Any, dict[str, str]]]) -> Iterator[ScriptedApi]:
    api = ScriptedApi(script=list(script))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            with lock:
                api.requests.append(
                    Recorded("POST", self.path, dict(self.headers.items()), json.loads(raw or b"null"))
                )
                status, body, headers = (
                    api.script.pop(0) if api.script else (500, {"message": "unscripted"}, {})
                )
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}/api/v10"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()


def let_time_pass(delta: timedelta) -> None:
    """Move every pending retry (and the next periodic sweep) `delta` closer, as if that much time had gone
    by (the worker and the database backend read the real clock)."""
    from django_tasks_db.models import DBTaskResult

    from mentormatch.notifications.models import Notification, SweepSchedule

    for result in DBTaskResult.objects.filter(status="READY").exclude(run_after=None):
        result.run_after = result.run_after - delta  # type: ignore[operator]
        result.save(update_fields=["run_after"])
    for notification in Notification.objects.filter(status=Notification.Status.PENDING):
        notification.scheduled_for -= delta
        notification.save(update_fields=["scheduled_for"])
    for schedule in SweepSchedule.objects.all():
        schedule.next_run_at -= delta
        schedule.save(update_fields=["next_run_at"])
