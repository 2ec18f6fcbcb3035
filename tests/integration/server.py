"""Start a real `opendata serve` process on a free port of 127.0.0.1, and stop it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.settings import Settings

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(settings: Settings, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "OPENDATA_HOST": "127.0.0.1",
        "OPENDATA_PORT": str(port),
        "OPENDATA_VAR_DIR": str(settings.var_dir),
        "OPENDATA_DATABASE_URL": settings.database_url,
        "OPENDATA_STORAGE_URL": settings.storage_url,
        "OPENDATA_SECRET_KEY": settings.secret_key,
        "OPENDATA_PASSWORD_PROFILE": settings.password_profile,
    }


class Server:
    """A running `opendata serve`: its address, and a way to kill it the hard way (kill -9)."""

    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.process = process

    def kill_hard(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@contextmanager
def running_server(settings: Settings) -> Iterator[Server]:
    port = free_port()
    Path(settings.var_dir).mkdir(parents=True, exist_ok=True)
    log = open(Path(settings.var_dir) / f"server-{port}.log", "w+b")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [str(BIN / "opendata"), "serve"], env=server_environment(settings, port), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("the server did not start:\n" + log.read().decode("utf-8", "replace")) from None
                time.sleep(0.2)
        yield Server(url, process)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
