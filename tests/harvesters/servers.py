"""Real servers on loopback for harvester tests: a file server with scenarios, and a trap that must stay untouched.

``FileServer`` is ``http.server`` serving a folder, with ETag / Last-Modified and 304 answers,
plus scenarios chosen by path prefix (as HV's mock CKAN does): redirects, failures that heal,
slow and oversized answers, and routes a test adds as plain functions. ``Trap`` is a bare TCP
listener that counts connections: the SSRF tests point at it and require zero.
"""

from __future__ import annotations

import hashlib
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, str], dict[str, str]], Answer]
"""A scenario: (query parameters, request headers) → (status, headers, body)."""


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]


class FileServer:
    """Serves ``root`` on 127.0.0.1. Under ``/plain/`` it sends no ETag or Last-Modified and ignores conditions."""

    def __init__(self, root: Path, host: str = "127.0.0.1") -> None:
        self.root = root
        self.hits: list[Hit] = []
        self.routes: dict[str, Route] = {}
        self.failures: Counter[str] = Counter()
        self._server = _QuietServer((host, 0), _handler(self))
        self._server.daemon_threads = True
        self.host, self.port = host, int(self._server.server_address[1])
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        """host:port, as an allow-list names it."""
        return f"{self.host}:{self.port}"

    def count(self, path: str) -> int:
        return sum(1 for hit in self.hits if hit.path == path)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up early is a scenario here
            super().handle_error(request, client_address)


def _handler(server: FileServer) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(server.root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - http.server's signature
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            parts = urlsplit(self.path)
            server.hits.append(Hit(parts.path, dict(self.headers.items())))
            query = {key: values[0] for key, values in parse_qs(parts.query).items()}
            if parts.path in server.routes:
                self._answer(*server.routes[parts.path](query, dict(self.headers.items())))
            elif parts.path.startswith("/redirect"):
                self._answer(int(query.get("code", "302")), {"Location": query["to"]}, b"")
            elif parts.path == "/loop":
                self._answer(302, {"Location": "/loop"}, b"")
            elif parts.path.startswith("/status/"):
                self._answer(int(parts.path.rsplit("/", 1)[1]), {}, b"status")
            elif parts.path.startswith("/flaky/"):
                self._flaky(parts.path, query)
            elif parts.path == "/slow":
                time.sleep(float(query["seconds"]))
                self._answer(200, {}, b"late")
            elif parts.path == "/gzip-garbage":
                self._answer(200, {"Content-Encoding": "gzip"}, b"this is not gzip at all")
            elif parts.path == "/endless":
                self._endless()
            elif parts.path.startswith("/plain/"):
                target = Path(self.translate_path(parts.path[len("/plain"):]))
                self._answer(200, {"Content-Type": self.guess_type(str(target))}, target.read_bytes())
            else:
                self._file(parts.path)

        def _flaky(self, path: str, query: dict[str, str]) -> None:
            """Fail ``fail`` times with ``code`` (and ``Retry-After``), then serve the file named after /flaky/."""
            if server.failures[path] < int(query.get("fail", "1")):
                server.failures[path] += 1
                headers = {"Retry-After": query["retry_after"]} if "retry_after" in query else {}
                self._answer(int(query.get("code", "503")), headers, b"try later")
            else:
                self._file(path[len("/flaky"):])

        def _file(self, path: str) -> None:
            target = Path(self.translate_path(path))
            if target.is_dir():
                super().do_GET()
                return
            if not target.is_file():
                self._answer(404, {}, b"not found")
                return
            body = target.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            modified = formatdate(int(target.stat().st_mtime), usegmt=True)
            headers = {"ETag": etag, "Last-Modified": modified, "Content-Type": self.guess_type(str(target))}
            since = self.headers.get("If-Modified-Since")
            if self.headers.get("If-None-Match") == etag or (
                    since and "If-None-Match" not in self.headers
                    and parsedate_to_datetime(since) >= parsedate_to_datetime(modified)):
                self._answer(304, {"ETag": etag, "Last-Modified": modified}, b"")
                return
            self._answer(200, headers, body)

        def _endless(self) -> None:
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(10_000):
                    self.wfile.write(b"0" * 65536)
            except OSError:
                pass  # the client hung up at its cap, as it should
            self.close_connection = True

        def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler


class Trap:
    """A TCP listener that must never be reached; ``connections`` counts those that were made anyway."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._socket = socket.create_server((host, port))
        self._socket.settimeout(0.1)
        self.host, self.port = host, int(self._socket.getsockname()[1])
        self.url = f"http://{host}:{self.port}"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._socket.close()
