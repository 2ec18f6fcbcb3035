"""Keep the key values of a whole file for the key checks, in memory when small, on disk when large.

Unique fields, primary keys and foreign keys compare every row with every other, so their values
must outlive the batches. A large file's values are split by hash into buckets (equal keys always
land in the same bucket) and written to temporary Arrow files as they come; each bucket is then
checked on its own. Memory stays that of one bucket, whatever the size of the file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import polars as pl

__all__ = ["KeyStore"]

BUCKET_BYTES = 256 * 1024 * 1024
"""Bytes of CSV per bucket: a file up to this size keeps its keys in memory, in one bucket."""
SPILL_BYTES = 64 * 1024 * 1024
"""Key values held in memory before they are written to disk (large files only)."""


@dataclass
class _Bucket:
    frames: list[pl.DataFrame] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


class KeyStore:
    """Frames of key values, one set of buckets per check (a unique field, the primary key, a foreign key)."""

    def __init__(self, file_bytes: int) -> None:
        self.count = max(1, -(-file_bytes // BUCKET_BYTES))
        self._buckets: dict[str, list[_Bucket]] = {}
        self._held = 0
        self._spilled = 0
        self._directory: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> KeyStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._directory is not None:
            self._directory.cleanup()

    def add(self, check: str, frame: pl.DataFrame, columns: list[str]) -> None:
        """Add rows for ``check``; ``columns`` are the key values that decide the bucket."""
        buckets = self._buckets.setdefault(check, [_Bucket() for _ in range(self.count)])
        if frame.is_empty():
            return
        if self.count == 1:
            buckets[0].frames.append(frame)
        else:
            number = (pl.struct(columns).hash(seed=7) % self.count).alias("__bucket")
            for (bucket,), part in frame.with_columns(number).partition_by("__bucket", as_dict=True).items():
                buckets[int(bucket)].frames.append(part.drop("__bucket"))
        self._held += frame.estimated_size()
        if self.count > 1 and self._held > SPILL_BYTES:
            self._spill()

    def buckets(self, check: str) -> Iterator[pl.DataFrame]:
        """Each bucket of ``check`` in turn, as one frame (empty buckets are skipped)."""
        for bucket in self._buckets.get(check, []):
            frames = [pl.read_ipc(path) for path in bucket.files] + bucket.frames
            if frames:
                yield pl.concat(frames)

    def _spill(self) -> None:
        if self._directory is None:
            self._directory = tempfile.TemporaryDirectory(prefix="opendata-keys-")
        for check, buckets in self._buckets.items():
            for number, bucket in enumerate(buckets):
                if bucket.frames:
                    path = Path(self._directory.name) / f"{check}-{number}-{self._spilled}.arrow"
                    pl.concat(bucket.frames).write_ipc(path)
                    bucket.files.append(path)
                    bucket.frames = []
        self._spilled += 1
        self._held = 0
