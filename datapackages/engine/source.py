"""Stream a CSV as batches of raw cells: Polars where that is provably exact, Python's csv otherwise.

frictionless reads with Python's ``csv`` module; Polars's parser is ~50× faster but differs on
malformed quoting and cannot say how many cells a row had (it pads short rows and cuts long
ones). So each batch of bytes is first checked to be RFC 4180 well formed (every quote opens a
cell or closes one, no lone carriage return, no NUL), where both parsers agree. If the commas
outside quotes add up to (W - 1) per row, every row has the header's W cells; otherwise every
record is given a last, sentinel cell (``\\x01``) and where it lands tells how many cells each
row has. A batch that fails the check raises ``ExactParserNeeded`` and the engine starts again
with ``exact=True``: Python's csv, the same reader frictionless uses, over the whole file.

Memory stays flat: one batch of bytes and its frame at a time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import polars as pl

from .opening import FIELD_SIZE_LIMIT, Opening
from .support import Unsupported

__all__ = ["Batch", "Digest", "ExactParserNeeded", "read_batches"]

BATCH_BYTES = 16 * 1024 * 1024
EXACT_BATCH_ROWS = 50_000
_END = "\x01"
_SENTINEL = b",\x01"
_LONE_CR = re.compile(rb"\r[^\n]")
_QUOTED = re.compile(rb'"(?:[^"]|"")*"')
_LONE_EMPTY_QUOTES = re.compile(rb'(?:^|\n)""\r?(?:\n|$)')
"""A record made of one quoted empty cell: framed, it looks like an empty line, which has no cell."""
_SLACK = 2
"""Extra columns parsed beyond the header, to see where the closing sentinel of a long row lands."""


class ExactParserNeeded(Exception):
    """A batch is not well-formed CSV: only Python's csv module reads it as frictionless does."""


@dataclass
class Batch:
    first_row: int
    """Row number of the first record (the header is row 1, as in frictionless's reports)."""
    cells: pl.DataFrame
    """Columns "0".."W-1": the raw text of each cell; null where the record has no such cell."""
    sizes: pl.Series | None
    """How many cells each record has, or None when every record has exactly W."""
    extras: dict[int, list[str]] = field(default_factory=dict)
    """Cells beyond the W-th, by position in the batch."""


class Digest:
    """What frictionless's byte stream counts: size, md5 and sha256 of the whole file.

    Hashing runs on a worker thread (hashlib releases the GIL), alongside Polars's parsing.
    """

    def __init__(self) -> None:
        self.bytes = 0
        self._md5 = hashlib.md5()
        self._sha256 = hashlib.sha256()
        self._worker = ThreadPoolExecutor(max_workers=1)
        self._pending: list[Future[None]] = []

    def update(self, chunk: bytes) -> None:
        self.bytes += len(chunk)
        self._pending.append(self._worker.submit(self._hash, chunk))

    def _hash(self, chunk: bytes) -> None:
        self._md5.update(chunk)
        self._sha256.update(chunk)

    def hexdigests(self) -> tuple[str, str]:
        for future in self._pending:
            future.result()
        self._worker.shutdown()
        return self._md5.hexdigest(), self._sha256.hexdigest()


def read_batches(path: Path, opening: Opening, width: int, digest: Digest | None, *, exact: bool) -> Iterator[Batch]:
    """Every data record of ``path`` in order, ``width`` cells wide (the header's width); ``digest``
    (if any) sees every byte of the file."""
    if exact:
        yield from _exact_batches(path, opening, width, digest)
    else:
        yield from _polars_batches(path, opening, width, digest)


def _polars_batches(path: Path, opening: Opening, width: int, digest: Digest | None) -> Iterator[Batch]:
    row = 2
    with open(path, "rb") as stream:
        head = stream.read(opening.data_offset)
        if digest:
            digest.update(head)
        pending = b""
        while True:
            chunk = stream.read(BATCH_BYTES)
            if digest:
                digest.update(chunk)
            if not chunk:
                if pending:
                    yield _parse(pending, row, width)
                return
            cut = _record_boundary(chunk, pending.count(b'"'))
            if cut == 0:
                pending += chunk
                continue
            data = b"".join((pending, memoryview(chunk)[:cut]))  # one copy: the batch
            pending = chunk[cut:]
            batch = _parse(data, row, width)
            row += batch.cells.height
            yield batch


def _record_boundary(chunk: bytes, quotes_before: int) -> int:
    """Just past the last newline of ``chunk`` outside quotes (an even count of quotes before it), or 0."""
    position = chunk.rfind(b"\n")
    if b'"' not in chunk and quotes_before % 2 == 0:
        return position + 1
    quotes = quotes_before + (chunk.count(b'"', 0, position) if position >= 0 else 0)
    while position >= 0:
        if quotes % 2 == 0:
            return position + 1
        previous = chunk.rfind(b"\n", 0, position)
        quotes -= chunk.count(b'"', max(previous, 0), position)
        position = previous
    return 0


def _parse(data: bytes, first_row: int, width: int) -> Batch:
    """Parse a batch with Polars once it is known to be well formed; frame it only if rows are ragged."""
    spans = _well_formed(data)

    def commas() -> int:
        return data.count(b",") - sum(data.count(b",", begin, end) for begin, end in spans)

    try:
        frame = _read(data, None, ragged=False)  # as many columns as the first row has
    except ExactParserNeeded:
        frame = None  # a row has more cells than the first one
    if frame is not None and frame.width != width:
        frame = None  # the first row is ragged
    if frame is not None:
        frame.columns = [str(index) for index in range(width)]
    # No row has more cells than the header here (Polars refused those). Polars pads a short row
    # with empty cells, so a batch whose last column has no empty cell has no short row; otherwise
    # the commas add up to (W - 1) per row only when every row has exactly W cells.
    records = data.count(b"\n") - sum(data.count(b"\n", begin, end) for begin, end in spans) + (not data.endswith(b"\n"))
    if frame is not None and frame.height != records:
        raise ExactParserNeeded("record count")
    if frame is not None and (_no_short_rows(frame, width) or (width > 1 and commas() == records * (width - 1))):
        return Batch(first_row, frame, None)
    return _parse_framed(data, spans, first_row, width)


def _no_short_rows(frame: pl.DataFrame, width: int) -> bool:
    return not frame.get_column(str(width - 1)).eq("").any()


def _well_formed(data: bytes) -> list[tuple[int, int]]:
    """Check the bytes are RFC 4180 CSV, as both parsers read alike; return the quoted cells' spans."""
    if b"\x00" in data or _END.encode() in data:
        raise ExactParserNeeded("control character")
    if b"\r" in data and (_LONE_CR.search(data) or data.endswith(b"\r")):
        raise ExactParserNeeded("lone carriage return")
    if b'"' not in data:
        return []
    spans = []
    quotes = data.count(b'"')
    for match in _QUOTED.finditer(data):
        begin, end = match.span()
        if data[begin - 1 : begin] not in (b",", b"\n", b"") or data[end : end + 1] not in (b",", b"\r", b"\n", b""):
            raise ExactParserNeeded("malformed quotes")
        quotes -= data.count(b'"', begin, end)
        spans.append((begin, end))
    if quotes:
        raise ExactParserNeeded("malformed quotes")
    if b'""' in data and _LONE_EMPTY_QUOTES.search(data):
        raise ExactParserNeeded("a record of one quoted empty cell")
    return spans


def _parse_framed(data: bytes, spans: list[tuple[int, int]], first_row: int, width: int) -> Batch:
    """End every record with a sentinel cell: where it lands tells how many cells the row has."""
    framed, records = _frame(data, spans)
    slack = _SLACK
    while True:
        frame = _read(framed, {str(index): pl.String for index in range(width + 1 + slack)}, ragged=True)
        if frame.height != records:
            raise ExactParserNeeded("record count")
        regular = frame.get_column(str(width)).eq(_END)  # the sentinel of a row with exactly W cells
        if width == 1:
            regular = regular & frame.get_column("0").ne("")  # else an empty line (no cell at all)
        ragged = (~regular).arg_true().to_list()
        rows = {index: frame.row(index) for index in ragged}
        if all(_END in values for values in rows.values()):
            return _ragged_batch(frame, width, first_row, rows)
        slack *= 4


def _frame(data: bytes, spans: list[tuple[int, int]]) -> tuple[bytes, int]:
    """Add the sentinel before every record end outside quotes; count the records."""
    pieces: list[bytes] = []
    start = 0
    records = data.count(b"\n")
    for begin, end in spans:
        inside = data.count(b"\n", begin, end)
        if inside:
            records -= inside
            pieces += [_mark(data[start:begin]), data[begin:end]]
            start = end
    pieces.append(_mark(data[start:]))
    body = b"".join(pieces)
    if not body.endswith(b"\n"):
        body += _SENTINEL
        records += 1
    return body, records


def _mark(segment: bytes) -> bytes:
    return segment.replace(b"\r\n", b"\n").replace(b"\n", _SENTINEL + b"\n")


def _read(data: bytes, schema: dict[str, Any] | None, *, ragged: bool) -> pl.DataFrame:
    try:
        return pl.read_csv(
            data,
            has_header=False,
            schema=schema,
            infer_schema=False,
            quote_char='"',
            empty_string_is_null=False,
            truncate_ragged_lines=ragged,
            missing_columns="insert",
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError as error:
        raise ExactParserNeeded(str(error)[:100]) from error


def _cells(frame: pl.DataFrame, width: int) -> pl.DataFrame:
    return frame.select([str(index) for index in range(width)])


def _ragged_batch(frame: pl.DataFrame, width: int, first_row: int, rows: dict[int, tuple[str, ...]]) -> Batch:
    sizes = [width] * frame.height
    extras: dict[int, list[str]] = {}
    for index, values in rows.items():
        size = values.index(_END)
        if size == 1 and values[0] == "":
            size = 0  # an empty line: Python's csv reads it as a record without cells
        sizes[index] = size
        if size > width:
            extras[index] = list(values[width:size])
    size_series = pl.Series("size", sizes, dtype=pl.UInt32)
    cells = _cells(frame, width).with_columns(
        pl.when(size_series > index).then(pl.col(str(index))).alias(str(index)) for index in range(width)
    )
    return Batch(first_row, cells, size_series, extras)


def _exact_batches(path: Path, opening: Opening, width: int, digest: Digest | None) -> Iterator[Batch]:
    if digest:
        with open(path, "rb") as stream:
            while chunk := stream.read(BATCH_BYTES):
                digest.update(chunk)
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    row = 2
    with open(path, "rb") as raw:
        raw.seek(opening.data_offset)
        reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""), csv.excel)
        try:
            while records := list(islice(reader, EXACT_BATCH_ROWS)):
                yield _records_batch(records, row, width)
                row += len(records)
        except (UnicodeDecodeError, csv.Error) as error:
            raise Unsupported(f"unreadable file ({type(error).__name__})") from error


def _records_batch(records: list[list[str]], first_row: int, width: int) -> Batch:
    sizes = [len(record) for record in records]
    columns = {
        str(index): pl.Series([record[index] if len(record) > index else None for record in records], dtype=pl.String)
        for index in range(width)
    }
    extras = {position: record[width:] for position, record in enumerate(records) if len(record) > width}
    uniform = all(size == width for size in sizes)
    return Batch(first_row, pl.DataFrame(columns), None if uniform else pl.Series("size", sizes, dtype=pl.UInt32), extras)
