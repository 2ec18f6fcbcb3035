"""Decide, per column, which kinds to count over the whole column: from its title and a sample.

Checking every kind on every cell of a million-row table would cost more than validating it.
So the first rows (``SAMPLE_ROWS``) are probed once for every shape, and only the kinds that the
title announces or that the sample shows are then counted over the whole column; a table with
nothing personal costs one read of its first rows.

Rules (shares are of the sample's non-empty cells):

- A kind announced by the title is counted with a lenient pattern (a phone column's
  '912345678' that lost its zero still counts). The title alone is never a finding: some cell
  must fit.
- A kind not announced needs the values to say it on their own ('value-pattern'): e-mail as
  soon as one cell holds an address (the shape is specific, and free-text notes carry them);
  phone numbers when at least ``VALUE_SHARE`` of cells are one, or, in a column of free text,
  as soon as one note holds a mobile number; structure-valid CCCDs in ``VALUE_SHARE`` of cells;
  the weaker shapes (9-digit CMND, passport, Luhn-valid card) in ``STRICT_SHARE`` of cells, and
  for CMND and passports the values must also be nearly all distinct (``DISTINCT_SHARE``) and,
  for CMND, written as text with a leading zero somewhere (amounts never have one).
- Dates of birth and addresses count only in a table about persons: one whose titles announce
  names or identity documents, or whose values are identity numbers.
- Organisation contacts (see ``titles``) have no phone, e-mail, account or address kinds, and a
  tax-code column (by title, or ten-digit values with a branch code '0101234567-001') has no
  value-only kinds: business identifiers are public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from . import patterns as p
from .findings import (
    ADDRESS,
    BANK_ACCOUNT,
    CARD,
    CITIZEN_ID,
    DATE_OF_BIRTH,
    EMAIL,
    FROM_TITLE,
    FROM_VALUES,
    ID_CARD,
    KINDS,
    NAME,
    PASSPORT,
    PHONE,
)
from .titles import TitleHints, read_title

__all__ = ["DISTINCT_SHARE", "SAMPLE_ROWS", "STRICT_SHARE", "VALUE_SHARE", "Check", "Column", "plan_table"]

SAMPLE_ROWS = 10_000
VALUE_SHARE = 0.5
STRICT_SHARE = 0.8
DISTINCT_SHARE = 0.9

_PERSON_KINDS = frozenset({NAME, CITIZEN_ID, ID_CARD, PASSPORT})
"""Columns that make a table 'about persons'."""
_IN_PERSON_TABLES = frozenset({DATE_OF_BIRTH, ADDRESS})


@dataclass(frozen=True)
class Column:
    number: int
    """1-based position in the table."""
    field: str
    """Name of the column in the frame being scanned."""
    title: str


@dataclass(frozen=True)
class Check:
    """Count the cells of ``column`` that ``match``; report them as ``kind`` with evidence ``why``."""

    column: Column
    kind: str
    match: pl.Expr
    why: tuple[str, ...]


def _probes(year: int) -> dict[str, Callable[[pl.Expr], pl.Expr]]:
    return {
        "phone": lambda c: p.is_mobile(c) | p.is_landline(c),
        "mobile_in_text": p.has_mobile,
        "email": p.has_email,
        "citizen_id": lambda c: p.is_citizen_id(c, year),
        "id_card": p.is_id_card,
        "leading_zero": lambda c: c.str.starts_with("0"),
        "passport": p.is_passport,
        "card_shape": p.looks_like_card,
        "tax_code": p.is_tax_code,
        "tax_branch": p.is_tax_branch,
        "family_name": p.has_family_name,
        "free_text": lambda c: p.has_letter(c) & c.str.contains(" ", literal=True),
    }


def _matchers() -> dict[str, Callable[[pl.Expr], pl.Expr]]:
    """What counts as a cell of each kind in a column the title or the sample chose."""
    return {
        CITIZEN_ID: p.is_twelve_digits,
        ID_CARD: p.is_nine_digits,
        PASSPORT: lambda c: p.is_passport(c, strict=False),
        PHONE: p.is_phone,
        EMAIL: p.has_email,
        BANK_ACCOUNT: p.is_account,
        CARD: p.is_card,
        DATE_OF_BIRTH: p.is_birth_date,
        NAME: p.is_name,
        ADDRESS: lambda c: p.has_letter(c) & ~p.is_protected(c),
    }


def _value_matchers(year: int) -> dict[str, Callable[[pl.Expr], pl.Expr]]:
    """What counts when only the values speak: the strict shapes."""
    return {
        CITIZEN_ID: lambda c: p.is_citizen_id(c, year),
        ID_CARD: p.is_id_card,
        PASSPORT: p.is_passport,
        PHONE: lambda c: p.is_mobile(c) | p.is_landline(c) | p.has_mobile(c),
        EMAIL: p.has_email,
        CARD: p.is_card,
    }


def _filled(column: pl.Expr) -> pl.Expr:
    return column.is_not_null() & (column != "")


def sample_stats(sample: pl.DataFrame, columns: list[Column], year: int) -> list[dict[str, int]]:
    """Probe every column of the sample for every shape, in one vectorised select."""
    probes = _probes(year)
    expressions = []
    for index, column in enumerate(columns):
        value = pl.col(column.field)
        expressions.append(_filled(value).sum().alias(f"{index}|filled"))
        expressions.append(value.filter(_filled(value)).n_unique().alias(f"{index}|distinct"))
        expressions.extend(probe(value).sum().alias(f"{index}|{name}") for name, probe in probes.items())
    row = sample.select(expressions).row(0, named=True) if expressions else {}
    stats: list[dict[str, int]] = [{} for _ in columns]
    for key, count in row.items():
        index, name = key.split("|", 1)
        stats[int(index)][name] = int(count or 0)
    # The Luhn check costs more than every other probe together: only where card shapes are.
    shaped = [index for index, stat in enumerate(stats) if stat["card_shape"]]
    cards = sample.select([p.is_card(pl.col(columns[index].field)).sum() for index in shaped]).row(0) if shaped else ()
    for stat in stats:
        stat["card"] = 0
    for index, count in zip(shaped, cards, strict=True):
        stats[index]["card"] = int(count or 0)
    return stats


def _value_kinds(hints: TitleHints, stats: dict[str, int]) -> set[str]:
    """Kinds the sample's values show on their own, whatever the title says."""
    filled = stats["filled"]
    if not filled:
        return set()

    def share(name: str) -> float:
        return stats[name] / filled

    if hints.tax_code or (stats["tax_branch"] and share("tax_code") >= VALUE_SHARE):
        return set()
    kinds = set()
    if share("citizen_id") >= VALUE_SHARE:
        kinds.add(CITIZEN_ID)
    distinct = stats["distinct"] >= DISTINCT_SHARE * filled
    if share("id_card") >= STRICT_SHARE and stats["leading_zero"] and distinct:
        kinds.add(ID_CARD)
    if share("passport") >= STRICT_SHARE and distinct:
        kinds.add(PASSPORT)
    if share("card") >= STRICT_SHARE and BANK_ACCOUNT not in hints.kinds:
        kinds.add(CARD)
    if not hints.organisation:
        if share("phone") >= VALUE_SHARE or (stats["mobile_in_text"] and share("free_text") >= VALUE_SHARE):
            kinds.add(PHONE)
        if stats["email"]:
            kinds.add(EMAIL)
    return kinds


def _title_kinds_backed_by_values(hints: TitleHints, stats: dict[str, int]) -> set[str]:
    """Title-announced kinds whose sample values also carry the kind's mark (shown as both evidences)."""
    filled = stats["filled"]
    if NAME in hints.kinds and filled and stats["family_name"] >= VALUE_SHARE * filled:
        return {NAME}
    return set()


def plan_table(columns: list[Column], sample: pl.DataFrame, year: int) -> list[Check]:
    """The checks to run over the whole table, in column order, then in ``KINDS`` order."""
    stats = sample_stats(sample, columns, year)
    hints = [read_title(column.title) for column in columns]
    by_values = [_value_kinds(hint, stat) for hint, stat in zip(hints, stats, strict=True)]
    about_persons = any(
        (hint.kinds | found) & _PERSON_KINDS for hint, found in zip(hints, by_values, strict=True)
    )
    lenient, strict = _matchers(), _value_matchers(year)
    checks: list[Check] = []
    for column, hint, stat, found in zip(columns, hints, stats, by_values, strict=True):
        titled = set(hint.kinds) if about_persons else set(hint.kinds - _IN_PERSON_TABLES)
        backed = _title_kinds_backed_by_values(hint, stat)
        for kind in KINDS:
            if kind not in titled and kind not in found:
                continue
            why = tuple(
                code
                for code, present in ((FROM_VALUES, kind in found or kind in backed), (FROM_TITLE, kind in titled))
                if present
            )
            matcher = lenient[kind] if kind in titled else strict[kind]
            checks.append(Check(column, kind, matcher(pl.col(column.field)), why))
    return checks
