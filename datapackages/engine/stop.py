"""How many bytes frictionless had read when the error limit stopped it.

When the limit is reached frictionless stops mid-file and reports the bytes its loader had read
so far (whole 8 KiB reads of its text decoder, so not the size of the rows it checked), and the
hashes only if those reads had reached the end of the file. That figure depends on Python's I/O
buffering, so it is obtained the one exact way: by reading the file up to the same record with
the same stack frictionless uses (a buffered file, a counting wrapper, a UTF-8 text decoder and
the csv module, after the same 100-line sniffing sample).
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from .opening import FIELD_SIZE_LIMIT, SAMPLE_SIZE

__all__ = ["ReadUpTo", "read_up_to"]

_LOADER_BUFFER = 100_000
"""frictionless's detector buffer: read, then the file is rewound, before parsing starts."""


@dataclass(frozen=True)
class ReadUpTo:
    bytes: int
    md5: str | None
    sha256: str | None


class _Counting:
    """frictionless's ByteStreamWithStatsHandling: counts what ``read1`` returns; hashes at the end."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self._stream = stream
        self._md5 = hashlib.md5()
        self._sha256 = hashlib.sha256()
        self.bytes = 0
        self.ended = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    @property
    def closed(self) -> bool:
        return self._stream.closed

    def read1(self, size: int = -1) -> bytes:
        chunk = self._stream.read1(size)
        self._md5.update(chunk)
        self._sha256.update(chunk)
        self.bytes += len(chunk)
        if size == -1 or not chunk:
            self.ended = True
        return chunk

    def digests(self) -> tuple[str | None, str | None]:
        return (self._md5.hexdigest(), self._sha256.hexdigest()) if self.ended else (None, None)


def read_up_to(path: Path, records: int) -> ReadUpTo:
    """Read ``records`` records (the header included) as frictionless does, and count the bytes."""
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    with open(path, "rb") as raw:
        raw.read(_LOADER_BUFFER)
        raw.seek(0)
        counting = _Counting(raw)
        text = io.TextIOWrapper(counting, encoding="utf-8", newline="")  # type: ignore[arg-type]
        sample = list(islice(text, SAMPLE_SIZE))
        reader = csv.reader(chain(sample, text), csv.excel)
        for _ in islice(reader, max(records, SAMPLE_SIZE)):
            pass
        md5, sha256 = counting.digests()
        return ReadUpTo(counting.bytes, md5, sha256)
