"""The officer's corrections to an automatic repair, saved with the dataset and applied to the next
upload of the same report (and to harvested files) without asking again.

Rows and columns are numbered as in the original sheet, from 1, as the officer sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["RepairOptions", "SheetOptions", "parse_row_list"]

TYPES = ("string", "integer", "number", "boolean", "date", "datetime", "year")


@dataclass(frozen=True)
class SheetOptions:
    header: tuple[int, int] | None = None
    """First and last header rows; None lets the repair find them."""
    skip: frozenset[int] = frozenset()
    """Rows to leave out although they look like data."""
    keep: frozenset[int] = frozenset()
    """Rows to keep although they look like totals, notes or sections."""
    types: dict[int, str] = field(default_factory=dict)
    """Column number → Table Schema type, replacing the guess."""
    titles: dict[int, str] = field(default_factory=dict)
    """Column number → title, replacing the one built from the header."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "header": list(self.header) if self.header else None,
            "skip": sorted(self.skip),
            "keep": sorted(self.keep),
            "types": {str(column): kind for column, kind in sorted(self.types.items())},
            "titles": {str(column): title for column, title in sorted(self.titles.items())},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SheetOptions:
        header = data.get("header")
        return cls(
            header=(int(header[0]), int(header[1])) if header else None,
            skip=frozenset(int(row) for row in data.get("skip", [])),
            keep=frozenset(int(row) for row in data.get("keep", [])),
            types={int(column): str(kind) for column, kind in data.get("types", {}).items() if kind in TYPES},
            titles={int(column): str(title) for column, title in data.get("titles", {}).items() if str(title).strip()},
        )


@dataclass(frozen=True)
class RepairOptions:
    sheets: dict[str, SheetOptions] = field(default_factory=dict)
    """By sheet name (for a CSV, the file is its one sheet, named ''), so a re-upload matches."""

    def for_sheet(self, name: str) -> SheetOptions:
        return self.sheets.get(name) or self.sheets.get("") or SheetOptions()

    def to_dict(self) -> dict[str, Any]:
        return {"sheets": {name: options.to_dict() for name, options in self.sheets.items()}}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RepairOptions:
        """Raises ValueError for anything that is not options as ``to_dict`` writes them."""
        if not data:
            return cls()
        try:
            return cls({str(name): SheetOptions.from_dict(options) for name, options in data.get("sheets", {}).items()})
        except (AttributeError, TypeError, ValueError, IndexError) as error:
            raise ValueError("not repair options") from error


def parse_row_list(text: str) -> frozenset[int]:
    """'5, 8-10' → {5, 8, 9, 10}; anything unreadable is ignored rather than guessed."""
    rows: set[int] = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if "-" in part:
            start, _, end = part.partition("-")
            if start.strip().isdigit() and end.strip().isdigit() and int(end) - int(start) < 100_000:
                rows.update(range(int(start), int(end) + 1))
        elif part.isdigit():
            rows.add(int(part))
    return frozenset(row for row in rows if row > 0)
