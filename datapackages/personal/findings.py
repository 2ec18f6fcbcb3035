"""What a scan reports: which kinds of personal data it looks for, and one finding per column and kind.

The kinds and evidence are stable kebab-case codes, never sentences: the upload page, the audit
log and the compliance score render them through the translation catalogue, Vietnamese first.
A finding carries counts and *masked* examples only, so that it can be stored, logged and shown
without becoming a leak itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "ADDRESS",
    "BANK_ACCOUNT",
    "CARD",
    "CITIZEN_ID",
    "DATE_OF_BIRTH",
    "EMAIL",
    "EVIDENCE",
    "FROM_TITLE",
    "FROM_VALUES",
    "ID_CARD",
    "KINDS",
    "NAME",
    "PASSPORT",
    "PHONE",
    "Finding",
    "KindCount",
]

CITIZEN_ID = "citizen-id"
"""A 12-digit citizen identity number (CCCD, số định danh cá nhân) with a valid structure."""
ID_CARD = "id-card"
"""A 9-digit identity card number (CMND), the card CCCD replaced."""
PASSPORT = "passport-number"
"""A Vietnamese passport number: one letter and seven digits (B1234567, C1234567)."""
PHONE = "phone-number"
"""A Vietnamese mobile (03, 05, 07, 08, 09; 10 digits) or landline (02x; 11 digits) number."""
EMAIL = "email-address"
BANK_ACCOUNT = "bank-account"
"""Digits in a column whose title says it holds bank account numbers."""
CARD = "card-number"
"""13 to 19 digits that pass the Luhn check: a payment card."""
DATE_OF_BIRTH = "date-of-birth"
"""A date (or year) of birth, in a table that also says who the person is."""
NAME = "person-name"
"""A full personal name, in a column whose title says it holds names."""
ADDRESS = "home-address"
"""Where a person lives, in a table that also says who the person is."""

KINDS = (CITIZEN_ID, ID_CARD, PASSPORT, PHONE, EMAIL, BANK_ACCOUNT, CARD, DATE_OF_BIRTH, NAME, ADDRESS)
"""Every kind a scan can report, in the order findings are listed within a column."""

FROM_VALUES = "value-pattern"
"""Evidence: the values themselves have the shape of the kind (and pass its checks)."""
FROM_TITLE = "column-title"
"""Evidence: the column title says what the column holds."""
EVIDENCE = (FROM_VALUES, FROM_TITLE)


@dataclass(frozen=True)
class Finding:
    """One kind of personal data found in one column of a table that is about to be published."""

    field: str
    """The Table Schema field name (the CSV header)."""
    column: int
    """1-based column number, as the officer counts columns in the sheet."""
    title: str
    """The column title as the agency wrote it (diacritics kept); the field name when there is none."""
    kind: str
    """One of ``KINDS``."""
    cells: int
    """How many cells of the column matched the kind."""
    rows: int
    """How many data rows were scanned."""
    examples: tuple[str, ...]
    """Up to two matching cells, masked (never the raw values)."""
    why: tuple[str, ...]
    """Evidence codes, a subset of ``EVIDENCE`` in that order."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["examples"] = list(self.examples)
        data["why"] = list(self.why)
        return data


@dataclass(frozen=True)
class KindCount:
    """What a scan of a sheet that is never published (a hidden sheet) reports: no examples at all."""

    column: int
    title: str
    kind: str
    cells: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
