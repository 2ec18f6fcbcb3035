"""What every reader hands to the tidy step: a named grid of strings, read lazily."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Sheet"]


@dataclass
class Sheet:
    name: str
    rows: Iterator[list[str]]
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """What the reader did or noticed while reading (encoding, delimiter, skipped hidden sheets)."""
