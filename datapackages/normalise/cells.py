"""Reading one cell: clean text, recognise placeholders, parse Vietnamese numbers and dates.

Agency sheets write numbers the Vietnamese way ("1.234.567", "987.654,25", "12,5%",
"1.500.000 đ", "(1.234)") and dates day first ("05/07/2025", "5/7/2025 08:30"). These
helpers recognise such text and give the canonical form Table Schema types read (1234567,
987654.25, 2025-07-05); they never guess a date that does not exist.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ..names import fold

__all__ = [
    "NUMBER_STYLES",
    "PLACEHOLDERS",
    "clean_text",
    "fold",
    "format_decimal",
    "is_placeholder",
    "neutralise",
    "parse_dmy",
    "parse_iso",
    "parse_number",
    "readable_styles",
    "split_number",
]

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_TABLE = {ord(char): None for char in _INVISIBLE}

PLACEHOLDERS = frozenset(
    {"-", "--", "–", "—", ".", "..", "...", "…", "n/a", "na", "#n/a", "không có", "chưa có", "đang cập nhật", "chưa cập nhật", "không"}
)
"""Texts that mean 'no value' (compared after folding case); kept in the data, listed as missingValues."""
_NOT_PLACEHOLDER_WORDS = frozenset({"không"})  # 'không' means 'no' in a yes/no column: a placeholder only in numbers


_UNTIDY = re.compile(r"^\s|\s$|\s\s|[\n\r\t\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_text(value: str) -> str:
    """Trim spaces (non-breaking included) and invisible characters, compose diacritics (NFC),
    and turn line breaks inside a cell into spaces. Called for every text cell, so the common
    case (already clean) costs two quick checks."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    if _UNTIDY.search(value):
        value = " ".join(value.translate(_INVISIBLE_TABLE).split())
    return value


def is_placeholder(text: str, numeric_column: bool = False) -> bool:
    lowered = text.lower()
    return lowered in PLACEHOLDERS and (numeric_column or lowered not in _NOT_PLACEHOLDER_WORDS)


# Numbers ---------------------------------------------------------------------------------------

_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd|₫|usd|\$)\.?\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"\s*%\s*$")
_DIGITS = re.compile(r"[\d.,]+", re.ASCII)
_STYLES = {
    "plain": re.compile(r"\d+(\.\d+)?", re.ASCII),
    "comma": re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+(,\d+)?", re.ASCII),  # 1.234.567,5 — the Vietnamese way
    "dot": re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?", re.ASCII),  # 1,234,567.5
}
NUMBER_STYLES = tuple(_STYLES)
"""How a column writes decimals: 'plain' 1234.5, 'comma' 1.234,5 (Vietnamese), 'dot' 1,234.5."""


def split_number(text: str) -> tuple[str, bool, bool, bool] | None:
    """Take a number's text apart: (digits with separators, negative, percent, currency)."""
    body = text.strip()
    negative = False
    if body.startswith("(") and body.endswith(")"):
        body, negative = body[1:-1].strip(), True
    percent = bool(_PERCENT.search(body))
    if percent:
        body = _PERCENT.sub("", body)
    currency = bool(_CURRENCY.search(body))
    if currency:
        body = _CURRENCY.sub("", body)
    body = body.replace(" ", "")
    if body.startswith("+"):
        return None  # '+84 912 345 678' is a phone number, not a positive number
    if body.startswith("-"):
        negative, body = not negative, body[1:]
    if not body or not body[0].isdigit() or not _DIGITS.fullmatch(body):
        return None
    return body, negative, percent, currency


def readable_styles(core: str) -> tuple[str, ...]:
    """The styles in which these digits are a well-formed number ('1.234' reads in both plain and comma)."""
    return tuple(style for style, pattern in _STYLES.items() if pattern.fullmatch(core))


def parse_number(core: str, style: str, negative: bool) -> Decimal | None:
    """Digits with separators → Decimal in the column's style; None when the style cannot read them."""
    if not _STYLES[style].fullmatch(core):
        return None
    if style == "comma":
        core = core.replace(".", "").replace(",", ".")
    elif style == "dot":
        core = core.replace(",", "")
    try:
        value = Decimal(core)
    except InvalidOperation:
        return None
    return -value if negative else value


def format_decimal(value: Decimal) -> str:
    """Canonical text: no exponent, no trailing zeros after the point ('12.50' → '12.5')."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Dates -----------------------------------------------------------------------------------------

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", re.ASCII)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_ISO_DATETIME = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII)


def parse_dmy(text: str) -> tuple[str, dt.date | dt.datetime | None] | None:
    """Day-first dates: ('date' | 'datetime', value) — value None when the date does not exist
    (31/02/2025 is reported, never moved to 3 March). None when the text is not a day-first date."""
    match = _DMY.fullmatch(text)
    if not match:
        return None
    day, month, year = int(match[1]), int(match[2]), int(match[3])
    kind = "datetime" if match[4] else "date"
    try:
        if kind == "date":
            return kind, dt.date(year, month, day)
        return kind, dt.datetime(year, month, day, int(match[4]), int(match[5]), int(match[6] or 0))
    except ValueError:
        return kind, None


def parse_iso(text: str) -> tuple[str, bool] | None:
    """ISO dates and date-times: (kind, exists)."""
    if len(text) == 10:
        match = _ISO_DATE.fullmatch(text)
        if match:
            return "date", _exists(int(match[1]), int(match[2]), int(match[3]))
        return None
    match = _ISO_DATETIME.fullmatch(text)
    if match:
        return "datetime", _exists(int(match[1]), int(match[2]), int(match[3]))
    return None


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


# Writing safely --------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMERIC = re.compile(r"[+-]?[\d.,\s]+%?", re.ASCII)


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula ('=HYPERLINK(...)', '@SUM(...)') gets a leading
    apostrophe, as OWASP advises; numbers such as '-5' or '+84 912 345 678' are left alone."""
    if text and text.startswith(_FORMULA_START) and not _NUMERIC.fullmatch(text) and text.lower() not in PLACEHOLDERS:
        return "'" + text
    return text
