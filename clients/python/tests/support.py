"""What the tests share: the reference backend they run against, a proxy that can lose
answers or refuse, and small readers of a run.

The backend comes from the environment (``RUN_PROGRESS_BASE_URL``, with
``RUN_PROGRESS_PRODUCER_TOKEN`` and ``RUN_PROGRESS_READER_TOKEN``), as
``test/clients/python.test.ts`` sets it; without it, the tests start the reference server
themselves (``npx tsx server/cli.ts --port 0 --store :memory: --tokens …``) from the
repository root.
"""
from __future__ import annotations

import atexit
import http.client
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from run_progress import RetryPolicy, RunClient  # noqa: E402

#: Quick retries, so that the suite stays fast.
FAST_RETRY = RetryPolicy(max_attempts=8, base_delay=0.05, max_delay=0.2, max_elapsed=10.0)
FAST_HANDLER_RETRY = RetryPolicy(max_attempts=None, max_elapsed=None, base_delay=0.05, max_delay=0.2)


@dataclass
class Backend:
    url: str
    producer_token: Optional[str]
    reader_token: Optional[str]


_backend: Optional[Backend] = None


def backend() -> Backend:
    """The reference backend of this test run (started on first use when the environment names none)."""
    global _backend
    if _backend is None:
        url = os.environ.get("RUN_PROGRESS_BASE_URL")
        if url:
            _backend = Backend(url.rstrip("/"), os.environ.get("RUN_PROGRESS_PRODUCER_TOKEN"),
                               os.environ.get("RUN_PROGRESS_READER_TOKEN"))
        else:
            _backend = _start_backend()
    return _backend


def _start_backend() -> Backend:
    root = HERE.parents[2]
    tokens = {"py-producer": {"tenant": "py", "role": "producer"}, "py-reader": {"tenant": "py", "role": "reader"}}
    handle, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(handle, "w") as file:
        json.dump(tokens, file)
    process = subprocess.Popen(
        ["npx", "tsx", "server/cli.ts", "--port", "0", "--store", ":memory:", "--tokens", path],
        cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    def stop() -> None:
        process.terminate()
        process.wait(5)
        os.unlink(path)

    atexit.register(stop)
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"listening on ([^\s\"]+)", line)
        if match:
            return Backend(match.group(1), "py-producer", "py-reader")
        if not line and process.poll() is not None:
            break
    raise RuntimeError("the reference server did not start")


def client(url: Optional[str] = None, retry: RetryPolicy = FAST_RETRY, token: Any = "producer", **options: Any) -> RunClient:
    """A client of the backend (or of ``url``) with the producer token and quick retries."""
    b = backend()
    chosen = b.producer_token if token == "producer" else b.reader_token if token == "reader" else token
    return RunClient(url or b.url, token=chosen, retry=retry, **options)


def read_json(path: str) -> Dict[str, Any]:
    """GET ``path`` under the backend's base, straight (no client code), as JSON."""
    b = backend()
    request = urllib.request.Request(b.url + path, headers={"Authorization": f"Bearer {b.producer_token}"}
                                     if b.producer_token else {})
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.loads(answer.read().decode("utf-8"))


def all_events(run_id: str) -> List[Dict[str, Any]]:
    """Every event of a run, oldest first."""
    events: List[Dict[str, Any]] = []
    after = 0
    while True:
        page = read_json(f"/runs/{run_id}/events?after={after}")
        events.extend(page["events"])
        if not page["events"] or page["events"][-1]["seq"] >= page["lastSeq"]:
            return events
        after = page["events"][-1]["seq"]


def log_texts(run_id: str) -> List[str]:
    """The texts of a run's log events, in seq order."""
    return [e["text"] for e in all_events(run_id) if e["type"] == "log"]


def free_port() -> int:
    """A loopback port nobody listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


@dataclass
class Seen:
    """A request the proxy received."""

    method: str
    path: str
    headers: Dict[str, str]
    body: bytes
    at: float

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8")) if self.body else None


#: What the proxy does with a request: "forward"; "drop" (forward it, then close the
#: connection without answering: a lost answer); "reset" (close without forwarding); or
#: (status, headers, body) to answer itself.
Action = Union[str, Tuple[int, Dict[str, str], bytes]]


@dataclass
class Proxy:
    """An HTTP proxy in front of the backend, on ``port`` (a free one by default), that
    listens only once :meth:`start` is called (before that, the port refuses connections)."""

    decide: Callable[[Seen, int], Action] = lambda seen, index: "forward"
    port: int = field(default_factory=free_port)
    seen: List[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._server: Optional[http.server.ThreadingHTTPServer] = None
        self._lock = threading.Lock()
        target = urllib.parse.urlsplit(backend().url)
        self._target = (target.hostname or "127.0.0.1", target.port or 80)
        self.base_path = target.path

    @property
    def url(self) -> str:
        """The API base through the proxy."""
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def posts(self) -> List[Seen]:
        with self._lock:
            return [s for s in self.seen if s.method == "POST"]

    def start(self) -> "Proxy":
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                            time.monotonic())
                with proxy._lock:
                    index = len(proxy.seen)
                    proxy.seen.append(seen)
                action = proxy.decide(seen, index)
                if action == "reset":
                    self._cut()
                    return
                if isinstance(action, tuple):
                    status, headers, data = action
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(data)
                    return
                status, forwarded, data = proxy._forward(seen)
                if action == "drop":
                    self._cut()
                    return
                self.send_response(status)
                for name, value in forwarded:
                    if name.lower() not in ("transfer-encoding", "connection", "keep-alive", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)

            def _cut(self) -> None:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

            do_GET = do_POST = do_HEAD = _any

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def _forward(self, seen: Seen) -> Tuple[int, List[Tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(*self._target, timeout=10)
        try:
            headers = {k: v for k, v in seen.headers.items() if k not in ("host", "connection", "content-length")}
            connection.request(seen.method, seen.path, body=seen.body or None, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.getheaders(), answer.read()
        finally:
            connection.close()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


def problem_body(status: int, title: str) -> bytes:
    return json.dumps({"type": "urn:run-progress-kit:problem:unavailable", "title": title, "status": status}).encode()
