"""Real processes of a scaled-out platform for the tests: started on 127.0.0.1, configured the
way an operator would (``OPENDATA_*`` variables), stopped at the end whatever happened."""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.settings import Settings

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def environment(settings: Settings, **extra: str) -> dict[str, str]:
    """This process's environment without its own OPENDATA_* variables, plus every setting of ``settings``."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("OPENDATA_")}
    for field in dataclasses.fields(Settings):
        env["OPENDATA_" + field.name.upper()] = str(getattr(settings, field.name))
    env.update(extra)
    return env


class Process:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[Process]:
    """Run ``command`` in its own process group; stop the group at the end."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as sink:
        process = Process(subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True), log)
    try:
        yield process
    finally:
        process.stop()


def wait_for(condition: Callable[[], bool], what: str, process: Process | None = None, seconds: float = 60) -> None:
    """Poll ``condition`` until true; on time-out, fail with the process's output to show why."""
    deadline = time.monotonic() + seconds
    while not condition():
        if process is not None and process.process.poll() is not None:
            raise AssertionError(f"{what}: the process ended ({process.process.returncode}):\n{process.output()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not after {seconds} s" + (f":\n{process.output()}" if process else ""))
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False
