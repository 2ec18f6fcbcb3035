"""Data facts: what the compliance score needs to know about a tidy table, read once when it is made.

    table_facts(csv, schema, header_rows=1, encoding="utf-8", codes={"province": {...}, "commune": {...}})
        → a JSON-ready dict: rows, duplicate rows and keys, blank rows, totals or notes rows left,
          header rows, UTF-8, columns mixing numbers and text, date text not in ISO form, filled share
          of required values, titled and described columns, and administrative codes not in force.

The score is computed often (after every publish, daily, in full for thousands of datasets) and
must never re-read files, so the facts are computed here, in one Polars pass over each table, and
stored with the version. Examples are row numbers as the published CSV counts them (the header is
row 1), at most ``EXAMPLES`` per fact: enough for an auditor to look, small enough to store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from pathlib import Path
from typing import Any

import polars as pl

from .names import fold

__all__ = ["EXAMPLES", "FACTS_VERSION", "code_kind", "table_facts"]

FACTS_VERSION = 1
"""Raised when a fact changes meaning, so the score can tell facts it cannot trust."""
EXAMPLES = 10

_NUMBER = r"^[-+]?\d[\d.,\s]*$"
_DMY = r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$"
_TOTAL_OR_NOTE = re.compile(
    r"^(tong cong|tong so|tong|cong|total|grand total|sum|ghi chu|chu thich|nguon|note|notes|source|nguoi lap)\b"
)
_PROVINCE = re.compile(r"\b(ma (tinh|tp|thanh pho|dvhc tinh)|province[ _]?code|ma_tinh)\b")
_COMMUNE = re.compile(r"\b(ma (xa|phuong|dac khu|dvhc xa|dvhc)|(commune|ward)[ _]?code|ma_xa|ma_phuong)\b")


def code_kind(name: str, title: str | None = None) -> str | None:
    """'province' or 'commune' when a column's name or title says it holds such codes."""
    for text in (title or "", name):
        folded = fold(text).lower().replace("_", " ")
        if _COMMUNE.search(folded):
            return "commune"
        if _PROVINCE.search(folded):
            return "province"
    return None


def table_facts(
    path: Path,
    schema: Mapping[str, Any],
    *,
    header_rows: int = 1,
    encoding: str = "utf-8",
    codes: Mapping[str, Set[str]] | None = None,
) -> dict[str, Any]:
    frame = pl.read_csv(path, infer_schema=False, has_header=True) if path.stat().st_size else pl.DataFrame()
    fields = list(schema.get("fields", []))
    if len(fields) == frame.width:
        frame.columns = [field["name"] for field in fields]  # the tidy header may carry titles
    else:  # a declared schema the file does not match (validation reports it): facts on what is there
        declared = {field["name"]: field for field in fields}
        fields = [declared.get(name, {"name": name, "type": "string"}) for name in frame.columns]
    names = [field["name"] for field in fields]
    rows = frame.height
    key = schema.get("primaryKey") or []
    key = [key] if isinstance(key, str) else list(key)
    strings = [field["name"] for field in fields if field.get("type", "string") == "string"]
    required = [field["name"] for field in fields if field.get("constraints", {}).get("required")]
    code_columns = [
        (field["name"], kind) for field in fields
        if (kind := code_kind(field["name"], field.get("title"))) and codes and kind in codes
    ]

    row_number = pl.int_range(2, rows + 2)
    blank = pl.all_horizontal(pl.col(name).is_null() for name in names) if names else pl.lit(False)
    first = pl.col(names[0]).fill_null("").str.strip_chars() if names else pl.lit("")
    expressions: list[pl.Expr] = [
        blank.alias("blank"),
        (~blank & ~pl.struct(names).is_first_distinct()).alias("duplicate") if names else pl.lit(False).alias("duplicate"),
        first.alias("first"),
        row_number.alias("row"),
    ]
    if key and all(name in names for name in key):
        expressions.append((~blank & ~pl.struct(key).is_first_distinct()).alias("duplicate_key"))
    flags = frame.select(expressions) if rows else pl.DataFrame()
    counts = frame.select(
        [pl.col(name).is_not_null().sum().alias(f"filled:{name}") for name in names]
        + [pl.col(name).str.contains(_NUMBER).sum().alias(f"number:{name}") for name in strings]
        + [pl.col(name).str.contains(_DMY).sum().alias(f"dmy:{name}") for name in strings]
    ).row(0, named=True) if rows and names else {}

    facts: dict[str, Any] = {"version": FACTS_VERSION, "rows": rows, "header_rows": header_rows,
                             "utf8": encoding.replace("_", "-").lower() in ("utf-8", "utf-8-sig", "ascii")}
    facts["blank_rows"] = _flagged(flags, "blank")
    facts["duplicate_rows"] = _flagged(flags, "duplicate")
    facts["primary_key"] = key
    facts["duplicate_keys"] = _flagged(flags, "duplicate_key") if "duplicate_key" in flags.columns else None
    if rows:
        labels = flags.filter(pl.col("first") != "").select("row", "first")
        left = [(row, label) for row, label in labels.iter_rows() if _TOTAL_OR_NOTE.match(fold(label).lower())]
    else:
        left = []
    facts["totals_rows"] = {"count": len(left), "examples": [{"row": row, "label": label[:80]} for row, label in left[:EXAMPLES]]}

    mixed, dates = [], []
    for name in strings:
        filled, numbers = counts.get(f"filled:{name}", 0), counts.get(f"number:{name}", 0)
        if filled and 0 < numbers < filled and numbers * 2 >= filled:
            mixed.append({"field": name, "numbers": numbers, "texts": filled - numbers})
        if filled and counts.get(f"dmy:{name}", 0) * 2 >= filled:
            dates.append({"field": name, "values": counts[f"dmy:{name}"]})
    facts["mixed_type_columns"] = mixed
    facts["date_text_columns"] = dates
    facts["date_columns"] = sum(1 for field in fields if field.get("type") in ("date", "datetime"))

    measured = required or names
    cells = rows * len(measured)
    filled_cells = sum(counts.get(f"filled:{name}", 0) for name in measured)
    facts["filled"] = {
        "required_declared": bool(required),
        "columns": measured,
        "cells": cells,
        "filled": filled_cells,
        "emptiest": sorted(({"field": name, "filled": counts.get(f"filled:{name}", 0)} for name in measured),
                           key=lambda item: item["filled"])[:EXAMPLES] if rows else [],
    }
    facts["columns"] = {
        "total": len(fields),
        "untitled": [field["name"] for field in fields if not (field.get("title") or "").strip()],
        "undescribed": [field["name"] for field in fields if not (field.get("description") or "").strip()],
    }
    facts["codes"] = [_codes(frame, name, kind, codes[kind]) for name, kind in code_columns] if codes else []
    return facts


def _flagged(flags: pl.DataFrame, column: str) -> dict[str, Any]:
    if not flags.height:
        return {"count": 0, "examples": []}
    hits = flags.filter(pl.col(column))
    return {"count": hits.height, "examples": hits.get_column("row").head(EXAMPLES).to_list()}


def _codes(frame: pl.DataFrame, name: str, kind: str, valid: Set[str]) -> dict[str, Any]:
    values = frame.select(pl.col(name).str.strip_chars().alias("value"), pl.int_range(2, frame.height + 2).alias("row"))
    values = values.filter(pl.col("value").is_not_null() & (pl.col("value") != ""))
    width = 2 if kind == "province" else 5
    padded = values.with_columns(pl.col("value").str.zfill(width).alias("code"))
    invalid = padded.filter(~pl.col("code").is_in(list(valid)))
    return {
        "field": name,
        "kind": kind,
        "checked": values.height,
        "invalid": invalid.height,
        "examples": [{"row": row, "value": value} for value, row in invalid.select("value", "row").head(EXAMPLES).iter_rows()],
    }
