"""Diff two versions of a dataset: rows added, removed and changed, and schema changes.

Rows are matched by the primary key when both versions' schemas declare the same one and it is
unique in both files; otherwise by whole-row content, as a multiset (a row present twice before
and three times after counts one added), in which case a row can only be added or removed, never
"changed". Values are compared as the text of the tidy CSVs, which is canonical (the repair wrote
it), so ``1.0`` versus ``1`` is a change the way a reader of the file would see it.

Only the columns both versions have are compared; a column added or removed is a schema change,
not a change of every row. Everything runs on Polars lazy frames with the streaming engine, so a
file is never loaded whole; only counts and the first few rows of each kind are collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["FieldChange", "TableDiff", "TableSide", "diff_schemas", "diff_tables", "diff_versions"]

SAMPLE_ROWS = 20
"""How many rows of each kind (added, removed, changed) a diff shows."""
_FIELD_ATTRIBUTES = ("type", "title", "format", "constraints")
_ROW = "__row"
"""A column name no tidy CSV has (names are snake_case words): the row's place in its file."""


@dataclass(frozen=True)
class TableSide:
    """One resource of one version: its name, its tidy CSV and its Table Schema."""

    name: str
    path: Path
    schema: dict[str, Any]


@dataclass(frozen=True)
class FieldChange:
    name: str
    change: str
    """``added``, ``removed``, ``retyped``, ``retitled``, ``reformatted`` or ``reconstrained``."""
    before: Any = None
    after: Any = None


@dataclass
class TableDiff:
    name: str
    status: str
    """``added`` or ``removed`` (the whole resource), ``changed`` or ``unchanged``."""
    matched_by: str
    """``key`` (the primary key) or ``content`` (whole rows)."""
    key: list[str] = field(default_factory=list)
    rows_before: int = 0
    rows_after: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    fields: list[FieldChange] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    """The columns compared (those both versions have), in the newer version's order."""
    added_rows: list[dict[str, Any]] = field(default_factory=list)
    removed_rows: list[dict[str, Any]] = field(default_factory=list)
    changed_rows: list[dict[str, Any]] = field(default_factory=list)
    """Per changed row: ``key`` (name → value) and ``cells`` (name → [before, after]) for the cells that differ."""
    note: str | None = None
    """Why rows were matched by content although a key was declared: ``key-changed`` or ``key-not-unique``."""

    @property
    def is_empty(self) -> bool:
        return self.status == "unchanged"


def diff_schemas(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Fields added, removed, and changed in type, title, format or constraints, by field name."""
    old = {spec["name"]: spec for spec in before.get("fields", [])}
    new = {spec["name"]: spec for spec in after.get("fields", [])}
    changes: list[FieldChange] = []
    for name, spec in new.items():
        if name not in old:
            changes.append(FieldChange(name, "added", None, spec.get("type", "string")))
            continue
        for attribute in _FIELD_ATTRIBUTES:
            was, now = _attribute(old[name], attribute), _attribute(spec, attribute)
            if was != now:
                changes.append(FieldChange(name, _CHANGE_NAMES[attribute], was, now))
    changes.extend(FieldChange(name, "removed", spec.get("type", "string"), None) for name, spec in old.items() if name not in new)
    return changes


_CHANGE_NAMES = {"type": "retyped", "title": "retitled", "format": "reformatted", "constraints": "reconstrained"}


def _attribute(spec: dict[str, Any], attribute: str) -> Any:
    value = spec.get(attribute)
    if attribute == "type":
        return value or "string"
    if attribute == "format":
        return None if value in (None, "default") else value
    if attribute == "constraints":
        return value or None
    return value


def diff_tables(before: TableSide, after: TableSide, *, sample: int = SAMPLE_ROWS) -> TableDiff:
    """Compare one resource across two versions."""
    old, new = _scan(before.path), _scan(after.path)
    old_columns, new_columns = old.collect_schema().names(), new.collect_schema().names()
    common = [name for name in new_columns if name in set(old_columns)]
    result = TableDiff(
        name=after.name,
        status="unchanged",
        matched_by="content",
        fields=diff_schemas(before.schema, after.schema),
        columns=common,
        rows_before=_count(old),
        rows_after=_count(new),
    )
    key = _key(after.schema)
    if key and key != _key(before.schema):
        result.note = "key-changed"
    elif key and all(name in common for name in key):
        if _unique(old, key) and _unique(new, key):
            _by_key(result, old.select(common), new.select(common), key, sample)
        else:
            result.note = "key-not-unique"
    if result.matched_by == "content":
        _by_content(result, old.select(common), new.select(common), sample)
    if result.added or result.removed or result.changed or result.fields or old_columns != new_columns:
        result.status = "changed"
    return result


def diff_versions(before: list[TableSide], after: list[TableSide], *, sample: int = SAMPLE_ROWS) -> list[TableDiff]:
    """Compare every resource, matched by name; a resource only on one side is added or removed whole."""
    old = {side.name: side for side in before}
    diffs: list[TableDiff] = []
    for side in after:
        if side.name in old:
            diffs.append(diff_tables(old[side.name], side, sample=sample))
        else:
            diffs.append(_whole(side, "added", sample))
    new_names = {side.name for side in after}
    diffs.extend(_whole(side, "removed", sample) for side in before if side.name not in new_names)
    return diffs


def _whole(side: TableSide, status: str, sample: int) -> TableDiff:
    frame = _scan(side.path)
    rows = _count(frame)
    head = frame.head(sample).collect(engine="streaming").to_dicts()
    fields = [
        FieldChange(spec["name"], status, None if status == "added" else spec.get("type", "string"),
                    spec.get("type", "string") if status == "added" else None)
        for spec in side.schema.get("fields", [])
    ]
    diff = TableDiff(name=side.name, status=status, matched_by="content", fields=fields, columns=frame.collect_schema().names())
    if status == "added":
        diff.rows_after, diff.added, diff.added_rows = rows, rows, head
    else:
        diff.rows_before, diff.removed, diff.removed_rows = rows, rows, head
    return diff


def _by_key(result: TableDiff, old: pl.LazyFrame, new: pl.LazyFrame, key: list[str], sample: int) -> None:
    result.matched_by, result.key = "key", key
    old, new = old.with_row_index(_ROW), new.with_row_index(_ROW)
    added = new.join(old.select(key), on=key, how="anti", nulls_equal=True)
    removed = old.join(new.select(key), on=key, how="anti", nulls_equal=True)
    values = [name for name in result.columns if name not in key]
    both = new.join(old.drop(_ROW), on=key, how="inner", suffix="__before", nulls_equal=True)
    differs = pl.any_horizontal([pl.col(name).ne_missing(pl.col(f"{name}__before")) for name in values]) if values else pl.lit(False)
    changed = both.filter(differs)
    result.added, result.removed, result.changed = _count(added), _count(removed), _count(changed)
    result.added_rows = _first(added, sample)
    result.removed_rows = _first(removed, sample)
    for row in _first(changed, sample):
        cells = {name: [row[f"{name}__before"], row[name]] for name in values if row[f"{name}__before"] != row[name]}
        result.changed_rows.append({"key": {name: row[name] for name in key}, "cells": cells})


def _first(frame: pl.LazyFrame, sample: int) -> list[dict[str, Any]]:
    """The first rows in the file's order (joins do not keep it): a top-k on the row number, not a full sort."""
    return frame.sort(_ROW).head(sample).drop(_ROW).collect(engine="streaming").to_dicts()


def _by_content(result: TableDiff, old: pl.LazyFrame, new: pl.LazyFrame, sample: int) -> None:
    """Multiset difference of whole rows: count each distinct row on both sides and subtract."""
    columns = result.columns
    if not columns:
        result.added, result.removed = result.rows_after, result.rows_before
        return
    counted_old = old.group_by(columns).agg(pl.len().cast(pl.Int64).alias("__before"))
    counted_new = new.group_by(columns).agg(pl.len().cast(pl.Int64).alias("__after"))
    both = counted_new.join(counted_old, on=columns, how="full", coalesce=True, nulls_equal=True).with_columns(
        pl.col("__before").fill_null(0), pl.col("__after").fill_null(0)
    )
    surplus = both.with_columns((pl.col("__after") - pl.col("__before")).alias("__delta")).filter(pl.col("__delta") != 0)
    totals = surplus.select(
        pl.col("__delta").clip(lower_bound=0).sum().alias("added"),
        (-pl.col("__delta")).clip(lower_bound=0).sum().alias("removed"),
    ).collect(engine="streaming")
    result.added, result.removed = int(totals["added"][0] or 0), int(totals["removed"][0] or 0)
    # The rows shown keep the files' order: each file semi-joined with its side's surplus.
    gained = surplus.filter(pl.col("__delta") > 0).select(columns)
    lost = surplus.filter(pl.col("__delta") < 0).select(columns)
    gained_rows = new.with_row_index(_ROW).join(gained, on=columns, how="semi", nulls_equal=True)
    lost_rows = old.with_row_index(_ROW).join(lost, on=columns, how="semi", nulls_equal=True)
    result.added_rows, result.removed_rows = _first(gained_rows, sample), _first(lost_rows, sample)


def _scan(path: Path) -> pl.LazyFrame:
    """Every column as text: the tidy CSV's text is what is compared."""
    return pl.scan_csv(path, infer_schema=False, empty_string_is_null=False, encoding="utf8", raise_if_empty=False)


def _count(frame: pl.LazyFrame) -> int:
    return int(frame.select(pl.len()).collect(engine="streaming").item())


def _unique(frame: pl.LazyFrame, key: list[str]) -> bool:
    counts = frame.select(pl.len().alias("rows"), pl.struct(key).n_unique().alias("keys")).collect(engine="streaming")
    return int(counts["rows"][0]) == int(counts["keys"][0])


def _key(schema: dict[str, Any]) -> list[str]:
    key = schema.get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)
