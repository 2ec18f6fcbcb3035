"""Bounds on what a reader may consume, so that one hostile file cannot take the service down."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Limits"]


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 50 * 1024 * 1024
    """Largest file accepted, as stored."""
    max_unzipped_bytes: int = 500 * 1024 * 1024
    """Largest total size of a workbook's parts once unzipped."""
    max_zip_ratio: int = 200
    """Largest ratio of unzipped to zipped size of any part (real workbooks stay well below 100)."""
    max_line_bytes: int = 1024 * 1024
    """Longest CSV field; a 10 MB single-line file is rejected rather than buffered."""
    max_columns: int = 2000
    max_memory: int = 2 * 1024 * 1024 * 1024
    """Address space a reader of one file may use (readers run in a child process, see isolation)."""
    max_seconds: float = 300
    """Time a reader of one file may take."""
