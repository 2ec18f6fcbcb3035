"""Which rows below the header are data: totals, section titles, notes and signature blocks are
printed-report furniture, not data, and blank rows are nothing at all.

Each row gets a reason code or None (data). The officer can keep or skip any row by number.
"""

from __future__ import annotations

import re
from operator import itemgetter

from .cells import fold
from .columns import text_of
from .sheet import Cell

__all__ = ["RowFilter"]

_TOTAL = re.compile(
    r"(tong cong|tong so|tong|cong|total|grand total|sum)( (toan|chung|ca)\b[\w\s]{0,30})?\s*[:.]?\s*(\([^)]{0,20}\))?",
    re.ASCII,
)
_ROMAN = re.compile(r"(?=[IVXLC])(X{0,3})(IX|IV|V?I{0,3})\.?|[A-Z]\.|[a-z]\)", re.ASCII)
_SECTION_WORDS = ("khoi ", "nhom ", "phan ", "chuong ", "muc ", "linh vuc ")
_NOTE_WORDS = (
    "ghi chu", "chu thich", "nguon", "luu y", "*", "(*)", "nguoi lap", "lap bieu", "thu truong", "ke toan",
    "giam doc", "chu tich", "pho chu tich", "t/m", "tm.", "tm ", "kt.", "kt ", "noi nhan", "xac nhan", "(ky", "ky ten",
    "ky, ghi ro", "dong dau",
)
_DATE_LINE = re.compile(r".{0,40}ngay\s+\S{1,4}\s+thang\s+\S{1,4}\s+nam\s+\S{2,4}", re.ASCII)


_FIRST = itemgetter(0)
_DIGIT_STARTS = re.compile(r"(?:[0-9][^\x00]*\x00)*[0-9][^\x00]*")
"""Texts joined by NUL that all open with an ASCII digit (codes, numbers written as text)."""


def _all_data(rows: list[list[Cell]]) -> bool:
    """True when every row opens with a number, a date or a text starting with a digit: a chunk of
    data rows, told at C speed (anything else goes row by row)."""
    try:
        firsts = list(map(_FIRST, rows))
    except IndexError:  # an empty row
        return False
    kinds = set(map(type, firsts))
    if str not in kinds and type(None) not in kinds:
        return True
    return kinds == {str} and _DIGIT_STARTS.fullmatch("\x00".join(firsts)) is not None  # type: ignore[arg-type]


class RowFilter:
    """Classify rows in order; once a note or signature row appears, what follows is the report's
    trailer until a row that looks like data again."""

    def __init__(self, width: int, merged_rows: dict[int, int] | None = None) -> None:
        self.width = width
        self.merged_rows = merged_rows or {}
        """Row → widest horizontal merge in it (a section title merged across the table)."""
        self.in_trailer = False

    def classify_rows(self, start: int, rows: list[list[Cell]]) -> dict[int, str]:
        """Index → reason for the rows of a chunk that are not data (rows start at ``start``).

        The common case, a data row opening with a number, a code or a date, is settled inline:
        at a hundred thousand rows the call per row is most of the time."""
        if not self.in_trailer and _all_data(rows):
            return {}
        found = {}
        classify = self.classify
        for offset, row in enumerate(rows):
            first_cell = row[0] if row else None
            if not self.in_trailer and first_cell not in ("", None) and (
                first_cell.__class__ is not str or first_cell[:1].isdigit()  # type: ignore[index]
            ):
                continue
            reason = classify(start + offset, row)
            if reason:
                found[start + offset] = reason
        return found

    def classify(self, index: int, row: list[Cell]) -> str | None:
        if len(row) == row.count("") + row.count(None):
            return "blank"
        first_cell = row[0]
        if not self.in_trailer and first_cell not in ("", None) and (
            first_cell.__class__ is not str or first_cell[:1].isdigit()  # type: ignore[index]
        ):
            return None  # the common case: a data row starting with a number, a code or a date
        filled = [cell for cell in row if cell is not None and cell != ""]
        numbers = sum(1 for cell in filled if cell.__class__ is not str or cell[:1].isdigit())  # type: ignore[index]
        data_like = len(filled) >= max(2, self.width // 2) and numbers > 0
        if self.in_trailer and not data_like:
            return "note"
        self.in_trailer = False
        first_cell = filled[0]
        if first_cell.__class__ is not str or first_cell[:1].isdigit():  # type: ignore[index]
            return None  # data rows start with a number or a code; furniture starts with words
        first = fold(text_of(first_cell))
        if first.startswith(_NOTE_WORDS) or _DATE_LINE.match(first):
            self.in_trailer = True
            return "note"
        if numbers and len(filled) - numbers <= 2:
            labels = [fold(text_of(cell)) for cell in filled[:2] if cell.__class__ is str]
            if any(_TOTAL.fullmatch(label) for label in labels):
                return "total"
        if len(filled) == 1 and self.width >= 3:
            lone = text_of(first_cell)
            if _ROMAN.fullmatch(lone) or first.startswith(_SECTION_WORDS) or self.merged_rows.get(index, 1) >= 2:
                return "section"
        if len(filled) <= 2 and self.width >= 3 and not numbers and _ROMAN.fullmatch(text_of(first_cell)):
            return "section"
        return None
