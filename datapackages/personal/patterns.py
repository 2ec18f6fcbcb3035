"""The shapes of personal values, as Polars expressions over a whole column of strings.

Everything is a regular expression (Rust's regex engine, linear time, no backtracking) or plain
integer arithmetic, so a million cells are checked in tens of milliseconds and no Python code
runs per cell. Structure checks are vectorised too:

- a CCCD's first six digits (province of birth registration, century-and-sex digit, year of
  birth) are spelled out in the regular expression itself, built for the current year;
- the Luhn check of card numbers is done on the digits as an unsigned 64-bit integer
  (19 digits fit), one digit position at a time.

Separators people type inside numbers (spaces, dots, dashes, brackets) are allowed between
digits: '0912 345 678', '0912.345.678', '(024) 3825 1234', '+84 912 345 678'.
"""

from __future__ import annotations

import functools

import polars as pl

__all__ = [
    "FAMILY_NAMES",
    "OLDEST_AGE",
    "PROVINCE_CODES",
    "citizen_id_regex",
    "has_email",
    "has_family_name",
    "has_letter",
    "has_mobile",
    "is_account",
    "is_card",
    "is_citizen_id",
    "is_birth_date",
    "is_email",
    "is_id_card",
    "is_landline",
    "is_mobile",
    "is_name",
    "is_nine_digits",
    "is_passport",
    "is_phone",
    "is_protected",
    "is_tax_code",
    "is_tax_branch",
    "is_twelve_digits",
    "looks_like_card",
    "luhn_valid",
]

PROVINCE_CODES = (
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38,
    40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80,
    82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
)
"""Codes of the provinces of birth registration that open a CCCD (001 Hà Nội … 096 Cà Mau), as
issued under Circular 07/2016/TT-BCA and kept by its successors; the 63 province codes of 2016.
The provinces merged in 2025 kept one of their old codes, so the set still covers new cards."""

_CENTURIES = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}
"""CCCD 4th digit → century of birth; the odd digit above each is the same century, female."""
OLDEST_AGE = 120
"""A birth year further back than this is not plausible for a living card holder."""

_S = r"[ .\-()]{0,2}"
"""Up to two separators between digits (') ' closes an area code and leaves a space)."""
_COUNTRY = rf"(?:\(?\+?84\)?{_S}|\(?0{_S})"
_MOBILE_PREFIX = rf"(?:3{_S}[2-9]|5{_S}[2689]|7{_S}[06-9]|8{_S}[1-9]|9{_S}[0-9])"
"""Mobile prefixes in use since the 2018 renumbering: 032–039, 052/055/056/058/059, 070, 076–079, 081–089, 09x."""
_ANY_MOBILE_PREFIX = rf"[35789]{_S}[0-9]"
_MOBILE = rf"{_COUNTRY}{_MOBILE_PREFIX}(?:{_S}[0-9]){{7}}"
_ANY_MOBILE = rf"{_COUNTRY}{_ANY_MOBILE_PREFIX}(?:{_S}[0-9]){{7}}"
_LANDLINE = rf"{_COUNTRY}2{_S}[0-9](?:{_S}[0-9]){{8}}"
_LOST_ZERO = r"[35789][0-9]{8}|2[0-9]{9}"
"""A phone number typed into a number cell loses its leading zero: '912345678'."""
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
_LETTER_WORD = r"\p{L}[\p{L}'’.\-]*"

FAMILY_NAMES = (
    "nguyễn nguyen trần tran lê le phạm pham hoàng hoang huỳnh huynh phan vũ vu võ vo đặng dang bùi bui "
    "đỗ do hồ ho ngô ngo dương duong lý ly đinh dinh trương truong đoàn doan lâm lam mai trịnh trinh "
    "lương luong cao tạ ta hà ha chu lưu luu kiều kieu tô to quách quach thái thai châu chau la giang "
    "triệu trieu mạc mac từ tu phùng phung nghiêm nghiem khổng khong lại lai tăng tang"
).split()
"""The family names that nine in ten Vietnamese people carry, with and without diacritics."""


def _full(pattern: str) -> str:
    return rf"^(?:{pattern})$"


def is_mobile(column: pl.Expr) -> pl.Expr:
    """The whole cell is a mobile number with a prefix in use today."""
    return column.str.contains(_full(_MOBILE))


def is_landline(column: pl.Expr) -> pl.Expr:
    return column.str.contains(_full(_LANDLINE))


_IN_TEXT = rf"(?:^|[^0-9+]){_MOBILE}(?:[^0-9]|$)"


def has_mobile(column: pl.Expr) -> pl.Expr:
    """A mobile number stands somewhere in the text ('Gọi anh Hùng 0987 654 321 sau 17h')."""
    return column.str.contains(_IN_TEXT)


def is_phone(column: pl.Expr) -> pl.Expr:
    """Any number shaped like a Vietnamese phone number, lost leading zero included: for phone columns."""
    return column.str.contains(_full(f"{_ANY_MOBILE}|{_LANDLINE}|{_LOST_ZERO}") + f"|{_IN_TEXT}")


def is_email(column: pl.Expr) -> pl.Expr:
    return column.str.contains(_full(_EMAIL))


def has_email(column: pl.Expr) -> pl.Expr:
    """An address anywhere in the cell. Anchored at the start (the address follows the start or a
    character that cannot open one), which the regex engine runs twice as fast as a bare search."""
    return column.str.contains(rf"(?s)^(?:.*[^A-Za-z0-9._%+\-])?{_EMAIL}")


@functools.lru_cache(maxsize=4)
def citizen_id_regex(year: int) -> str:
    """A 12-digit CCCD whose province and birth year (century digit + two digits) are plausible in ``year``."""
    provinces = "|".join(f"{code:03d}" for code in PROVINCE_CODES)
    births = []
    for even, century in sorted(_CENTURIES.items()):
        first, last = max(century, year - OLDEST_AGE), min(century + 99, year)
        if first > last:
            continue
        if (first, last) == (century, century + 99):
            years = "[0-9]{2}"
        else:
            years = "(?:" + "|".join(f"{birth % 100:02d}" for birth in range(first, last + 1)) + ")"
        births.append(f"[{even}{even + 1}]{years}")
    return rf"^(?:{provinces})(?:{'|'.join(births)})[0-9]{{6}}$"


def is_citizen_id(column: pl.Expr, year: int) -> pl.Expr:
    return column.str.contains(citizen_id_regex(year))


def is_twelve_digits(column: pl.Expr) -> pl.Expr:
    """Any 12 digits (or 11, when a number cell dropped the leading zero): for ID columns."""
    return column.str.contains(r"^(?:(?:[0-9]{3}[ .]?){3}[0-9]{3}|[1-9][0-9]{10})$")


def is_id_card(column: pl.Expr) -> pl.Expr:
    """A CMND as issued: nine digits opening with the 0–3 of the old province ranges."""
    return column.str.contains(r"^[0-3][0-9]{8}$")


def is_nine_digits(column: pl.Expr) -> pl.Expr:
    return column.str.contains(r"^[0-9]{9}$")


def is_passport(column: pl.Expr, *, strict: bool = True) -> pl.Expr:
    return column.str.contains(r"^[A-Z][0-9]{7}$" if strict else r"^[A-Za-z]{1,2} ?[0-9]{7,8}$")


def is_account(column: pl.Expr) -> pl.Expr:
    """6 to 19 digits, separators allowed: the length of Vietnamese bank account numbers."""
    return column.str.contains(r"^(?:[0-9][ .\-]?){5,18}[0-9]$")


@functools.cache
def _luhn_sums(width: int) -> pl.Series:
    """Luhn's sum of every ``width``-digit group, indexed by the group's value (``width`` is even)."""
    sums = []
    for value in range(10**width):
        total = 0
        for position, char in enumerate(reversed(str(value).zfill(width))):
            digit = int(char)
            total += (digit * 2 - 9 if digit >= 5 else digit * 2) if position % 2 else digit
        sums.append(total)
    return pl.Series(sums, dtype=pl.UInt8)


_LUHN_WIDTH = 4


def luhn_valid(digits: pl.Series) -> pl.Series:
    """The Luhn check on strings of up to 19 digits, as integer arithmetic (no per-cell Python).

    The number (19 digits fit in 64 bits) is cut into groups of four digits from the right, and
    each group's share of the Luhn sum is looked up in a table of 10,000: five lookups per cell.
    """
    number = digits.cast(pl.UInt64, strict=False)
    base = 10**_LUHN_WIDTH
    total = pl.zeros(len(digits), dtype=pl.UInt32, eager=True)
    for step in range(-(-19 // _LUHN_WIDTH)):
        total = total + _luhn_sums(_LUHN_WIDTH).gather((number // base**step) % base).cast(pl.UInt32)
    return (total % 10 == 0).fill_null(False)


def _cards(values: pl.Series) -> pl.Series:
    digits = values.str.replace_all(r"[ \-]", "")
    length = digits.str.len_bytes()
    # Only digits survive luhn_valid's cast to an integer; a sign would too, so it is refused here.
    return (length >= 13) & (length <= 19) & ~digits.str.starts_with("+") & luhn_valid(digits)


def looks_like_card(column: pl.Expr) -> pl.Expr:
    """13 to 19 digits, perhaps grouped: what may be a card, before the (costlier) Luhn check."""
    return column.str.contains(r"^[0-9](?:[ \-]?[0-9]){12,18}$")


def is_card(column: pl.Expr) -> pl.Expr:
    """13 to 19 digits (spaces or dashes between groups allowed) that pass the Luhn check.

    Evaluated on whole batches at once, so the digits are extracted once per batch, not once per
    digit group as an expression tree would do.
    """
    return column.map_batches(_cards, return_dtype=pl.Boolean, is_elementwise=True)


def is_birth_date(column: pl.Expr) -> pl.Expr:
    """dd/mm/yyyy (also with dots or dashes), ISO yyyy-mm-dd, or a bare year, as agencies write them."""
    return column.str.contains(
        r"^(?:[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?:19|20)[0-9]{2}|(?:19|20)[0-9]{2}(?:-[0-9]{2}-[0-9]{2}(?:[T ].*)?)?)$"
    )


def is_name(column: pl.Expr) -> pl.Expr:
    """Two to seven words of letters: how a full name looks ('Nguyễn Văn An', 'TRAN THI BICH')."""
    return column.str.contains(rf"^{_LETTER_WORD}(?:\s+{_LETTER_WORD}){{1,6}}$")


def has_family_name(column: pl.Expr) -> pl.Expr:
    return column.str.contains(rf"(?i)^(?:{'|'.join(FAMILY_NAMES)})\s+\p{{L}}")


def has_letter(column: pl.Expr) -> pl.Expr:
    return column.str.contains(r"\p{L}")


def is_protected(column: pl.Expr) -> pl.Expr:
    """Already hashed (64 hex digits) or masked ('***'): what ``decisions`` writes, so a re-scan is clean."""
    return column.str.contains(r"^[0-9a-f]{64}$") | column.str.contains("***", literal=True)


def is_tax_code(column: pl.Expr) -> pl.Expr:
    """A business tax code (MST): ten digits, or thirteen with a branch suffix."""
    return column.str.contains(r"^[0-9]{10}(?:-[0-9]{3})?$")


def is_tax_branch(column: pl.Expr) -> pl.Expr:
    """A branch's tax code: the parent's ten digits and '-NNN' (0101234567-001)."""
    return column.str.contains(r"^[0-9]{10}-[0-9]{3}$")
