"""Run a reader of untrusted bytes in a child process, with a memory cap and a time limit.

Readers written in Rust or C can be made to allocate gigabytes or to abort by a few kilobytes
of crafted input (the fuzzer found a 6 KB .xls file that makes calamine allocate 2 GB and abort
the whole process). In a child process such a file costs one child: the server goes on and
the user is told the file is too complex to read. Children come from a forkserver that has
already imported the readers, so starting one costs milliseconds and never forks a process
that has threads.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from .errors import UnreadableFile

__all__ = ["run_isolated"]

T = TypeVar("T")

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["datapackages.normalise", "datapackages.validate"])
_starting = threading.Lock()


def run_isolated(function: Callable[..., T], *args: Any, memory_bytes: int, seconds: float, **kwargs: Any) -> T:
    """``function(*args, **kwargs)`` in a child; its exceptions are raised here. A child that runs
    out of memory or dies raises ``UnreadableFile('file-too-complex')``, one that takes longer than
    ``seconds`` raises ``UnreadableFile('file-too-slow')``."""
    receiver, sender = _context.Pipe(duplex=False)
    child = _context.Process(target=_run, args=(sender, memory_bytes, function, args, kwargs), daemon=True)
    with _starting, _main_module_hidden():
        child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            child.kill()
            raise UnreadableFile("file-too-slow", seconds=int(seconds))
        try:
            succeeded, value = receiver.recv()
        except EOFError:
            raise UnreadableFile("file-too-complex") from None  # killed by the memory cap, or crashed
    finally:
        receiver.close()
        child.join()
    if succeeded:
        return value  # type: ignore[no-any-return]
    raise value


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Children need only the reader; left alone, multiprocessing makes each child import the main
    program again (the whole web app: a second per upload). It does so only when the main module
    says where it came from, so that is hidden while a child starts."""
    main = sys.modules["__main__"]
    saved_file, saved_spec = main.__dict__.pop("__file__", None), getattr(main, "__spec__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__spec__ = saved_spec
        if saved_file is not None:
            main.__file__ = saved_file


def _run(sender: Connection, memory_bytes: int, function: Callable[..., Any], args: Any, kwargs: Any) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        result: tuple[bool, Any] = (True, function(*args, **kwargs))
    except MemoryError:
        result = (False, UnreadableFile("file-too-complex"))
    except Exception as error:  # noqa: BLE001 - sent to the parent, which raises it there
        result = (False, error)
    sender.send(result)
    sender.close()
