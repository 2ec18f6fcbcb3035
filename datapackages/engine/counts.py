"""Every error of a table counted by type and by field, whatever the error limit.

An officer must learn that a table has 96,143 errors, not "1,000 or more": the list in a report
stops at the limit, these counts do not. Errors without a field (blank row, primary key, foreign
key of several fields, extra cell or label) count by type only; a foreign key of one field counts
in that field's column.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

__all__ = ["Counts"]


class Counts:
    """Every error of the file, by type and by field (errors without a field count by type only)."""

    def __init__(self) -> None:
        self.by_type: Counter[str] = Counter()
        self.by_field: dict[str, Counter[str]] = {}

    def add(self, kind: str, field_name: str | None, amount: int = 1) -> None:
        if amount:
            self.by_type[kind] += amount
            if field_name:
                self.by_field.setdefault(field_name, Counter())[kind] += amount

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": sum(self.by_type.values()),
            "byType": dict(sorted(self.by_type.items())),
            "byField": {name: dict(sorted(kinds.items())) for name, kinds in self.by_field.items()},
        }
