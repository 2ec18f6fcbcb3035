"""Read a tidy CSV in blocks of whole records, each parsed by Polars into string columns.

Polars' own CSV scan loads the whole file into memory before streaming it; reading blocks of
``BLOCK_BYTES`` here keeps memory bounded by a block whatever the file's size. A quoted cell may
hold a line break, so a block is cut only after a line break preceded by an even number of quotes
(the block starts at a record, so that parity says "outside quotes"). A record longer than a block
doubles the read until it fits. Only the columns asked for are materialised.

``prefetched`` reads and cuts the next block in a thread while Polars (which releases the GIL)
parses and checks the current one; at most ``depth`` blocks wait, so memory stays bounded.
"""

from __future__ import annotations

import codecs
import queue
import threading
from collections.abc import Iterator
from typing import BinaryIO, TypeVar, cast

import polars as pl

__all__ = ["BLOCK_BYTES", "blocks", "header", "parse", "prefetched", "sample"]

BLOCK_BYTES = 16 * 1024 * 1024

T = TypeVar("T")


def blocks(stream: BinaryIO) -> Iterator[bytes]:
    """The header record, then blocks of whole records of about ``BLOCK_BYTES`` each."""
    position, size, first = 0, BLOCK_BYTES, True
    while True:
        stream.seek(position)
        data = stream.read(size)
        if position == 0 and data.startswith(codecs.BOM_UTF8):
            position, data = len(codecs.BOM_UTF8), data[len(codecs.BOM_UTF8):]
        if not data:
            return
        end = _first_record_end(data) if first else _last_record_end(data)
        if end is None:
            if len(data) == size:
                size *= 2
                continue
            end = len(data)  # the last record, without a final line break
        yield data if end == len(data) else data[:end]
        position, size, first = position + end, BLOCK_BYTES, False


def header(record: bytes) -> list[str]:
    """The field names of the header record (a blank name becomes column_N, as Polars names it)."""
    if not record.strip():
        return []
    names = pl.read_csv(record, has_header=False, infer_schema=False).row(0)
    return [name or f"column_{number}" for number, name in enumerate(names, 1)]


def parse(block: bytes, names: list[str], fields: list[str], *, n_rows: int | None = None) -> pl.DataFrame:
    """The ``fields`` of a block of records, as strings; empty cells are null, short rows padded."""
    if not names:
        return pl.DataFrame()
    positional = {name: f"column_{number}" for number, name in enumerate(names, 1)}
    frame = pl.read_csv(
        block, has_header=False, infer_schema=False, n_rows=n_rows, raise_if_empty=False,
        schema=dict.fromkeys(positional.values(), pl.String), columns=[positional[field] for field in fields],
        missing_columns="insert", extra_columns="ignore",
    )
    return frame.rename({positional[field]: field for field in fields})


def sample(blocks: Iterator[bytes], names: list[str], rows: int) -> tuple[list[bytes], pl.DataFrame]:
    """The first ``rows`` rows, and the blocks they came from (one block, unless records are very long)."""
    head: list[bytes] = []
    first = parse(b"", names, names)
    while first.height < rows and (block := next(blocks, None)) is not None:
        head.append(block)
        first = parse(b"".join(head), names, names, n_rows=rows)
    return head, first


def _first_record_end(data: bytes) -> int | None:
    quotes, start = 0, 0
    while (newline := data.find(b"\n", start)) >= 0:
        quotes += data.count(b'"', start, newline)
        if quotes % 2 == 0:
            return newline + 1
        start = newline + 1
    return None


def _last_record_end(data: bytes) -> int | None:
    """After the last line break that is not inside a quoted cell (``data`` starts at a record)."""
    total = len(data) - len(data.replace(b'"', b""))  # the fastest quote count CPython offers
    end = len(data)
    while (newline := data.rfind(b"\n", 0, end)) >= 0:
        if (total - data.count(b'"', newline)) % 2 == 0:
            return newline + 1
        end = newline
    return None


def prefetched(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """``items``, produced one step ahead in a thread; the thread's errors are raised here.

    Closing the generator early (an error downstream) stops the thread and waits for it, so the
    caller may close what ``items`` reads from right after.
    """
    ready: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand(kind: str, value: object) -> None:
        while not stop.is_set():
            try:
                ready.put((kind, value), timeout=0.05)
                return
            except queue.Full:
                continue

    def produce() -> None:
        try:
            for item in items:
                hand("item", item)
                if stop.is_set():
                    return
            hand("end", None)
        except BaseException as error:  # noqa: BLE001 - re-raised in the consumer's thread
            hand("error", error)

    thread = threading.Thread(target=produce, name="personal-scan-reader", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = ready.get()
            if kind == "end":
                return
            if kind == "error":
                raise cast(BaseException, value)
            yield cast(T, value)
    finally:
        stop.set()
        thread.join()
