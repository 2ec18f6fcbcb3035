"""Unique fields, the primary key and foreign keys, over the whole file at once.

frictionless remembers, for each key, the row where it last saw it, and reports a repeat as "the
same as in the row at position N" with that latest row. Sorting the keys with their row numbers
puts every repeat right after the occurrence it must cite, so one sort per key replaces a
row-by-row dictionary. Keys follow Python's equality: a blank cell or a cell that failed its type
is None, and None equals None inside a composite key (frictionless's quirk: two keys holding
the same failed cell collide); NaN equals nothing, not even itself; -0 equals 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from .keys import KeyStore
from .plan import FieldPlan, ForeignKey
from .support import Unsupported

__all__ = ["Integrity", "KeyRoles", "check_integrity", "key_roles", "store_keys", "store_outside_keys"]


@dataclass
class KeyRoles:
    """Which expected fields take part in which key check (positions among the expected fields)."""

    unique: list[int]
    primary: list[int]
    foreign: list[tuple[ForeignKey, list[int], list[int]]]

    @property
    def primary_is_unique(self) -> bool:
        return len(self.primary) == 1 and self.primary[0] in self.unique

    @property
    def keyed(self) -> list[int]:
        positions = {*self.unique, *self.primary}
        for _key, targets, references in self.foreign:
            positions.update(targets)
            positions.update(references)
        return sorted(positions)


@dataclass
class Integrity:
    unique: dict[int, dict[int, int]] = field(default_factory=dict)
    """Row → {field position → the earlier row holding the same value}."""
    primary: dict[int, int] = field(default_factory=dict)
    """Row → the earlier row with the same key, or 0 when every cell of the key is None."""
    foreign: dict[int, list[int]] = field(default_factory=dict)
    """Row → the foreign keys (by index) whose values are not found."""
    primary_with_none: int = 0
    """Primary-key errors whose key holds None (a blank or invalid cell): frictionless's quirk."""

    def rows(self) -> set[int]:
        return {*self.unique, *self.primary, *self.foreign}


def key_roles(fields: list[FieldPlan], primary_key: list[str], foreign_keys: list[ForeignKey]) -> KeyRoles:
    position = {plan.name: index for index, plan in enumerate(fields)}
    unique = [index for index, plan in enumerate(fields) if plan.unique]
    primary = [position[name] for name in primary_key] if all(name in position for name in primary_key) else []
    foreign = []
    for key in foreign_keys:
        if not all(name in position for name in key.fields):
            continue  # frictionless skips a foreign key whose fields the header lacks
        targets = [position[name] for name in key.fields]
        references: list[int] = []  # keys to another table or a list: their values come from ``lookup``
        if key.target == "self":
            if not all(name in position for name in key.reference_fields):
                raise Unsupported("foreign key to fields the header lacks")
            references = [position[name] for name in key.reference_fields]
            if [fields[index].type for index in targets] != [fields[index].type for index in references]:
                raise Unsupported("foreign key between fields of different types")
        foreign.append((key, targets, references))
    return KeyRoles(unique, primary, foreign)


def store_keys(store: KeyStore, frame: pl.DataFrame, roles: KeyRoles) -> None:
    """Put one batch's key values (columns "row" and "k<position>") where the checks will find them."""
    floats = {name for name, dtype in frame.schema.items() if dtype == pl.Float64}
    frame = frame.with_columns(pl.col(name) + 0.0 for name in floats)  # -0.0 becomes 0.0: they are equal
    nan = _NaN(floats)
    for index in roles.unique:
        column = f"k{index}"
        store.add(f"unique-{index}", frame.select("row", column).filter(pl.col(column).is_not_null() & ~nan(column)), [column])
    if roles.primary:
        columns = [f"k{index}" for index in roles.primary]
        every_none = pl.all_horizontal(pl.col(column).is_null() for column in columns)
        some_none = pl.any_horizontal(pl.col(column).is_null() for column in columns)
        store.add("primary-none", frame.filter(some_none).select("row", every_none.alias("all")), ["row"])
        if not roles.primary_is_unique:
            keys = frame.select("row", *columns).filter(~every_none & ~pl.any_horizontal(nan(column) for column in columns))
            store.add("primary", keys, columns)
    for number, (_key, targets, references) in enumerate(roles.foreign):
        names = [f"t{position}" for position in range(len(targets))]
        wanted = frame.select(
            "row",
            *(pl.col(f"k{index}").alias(name) for index, name in zip(targets, names)),
            pl.any_horizontal(nan(f"k{index}") for index in targets).alias("nan"),
            pl.lit(True).alias("wanted"),
        ).filter(~pl.all_horizontal(pl.col(name).is_null() for name in names))
        if not references:  # the known values came from elsewhere, once (``store_outside_keys``)
            store.add(f"foreign-{number}", wanted, names)
            continue
        known = frame.select(
            "row",
            *(pl.col(f"k{index}").alias(name) for index, name in zip(references, names)),
            pl.any_horizontal(nan(f"k{index}") for index in references).alias("nan"),
            pl.lit(False).alias("wanted"),
        ).filter(~pl.all_horizontal(pl.col(name).is_null() for name in names) & ~pl.col("nan"))
        store.add(f"foreign-{number}", pl.concat([wanted, known]), names)


def store_outside_keys(store: KeyStore, known: dict[int, pl.DataFrame]) -> None:
    """The values of another table (or a reference list) that foreign key ``number`` may take."""
    for number, frame in known.items():
        floats = {name for name, dtype in frame.schema.items() if dtype == pl.Float64}
        frame = frame.with_columns(pl.col(name) + 0.0 for name in floats)
        nan = _NaN(floats)
        frame = frame.filter(~pl.any_horizontal(nan(name) for name in frame.columns)) if floats else frame
        store.add(
            f"foreign-{number}",
            frame.select(pl.lit(0, pl.UInt32).alias("row"), *frame.columns, pl.lit(False).alias("nan"), pl.lit(False).alias("wanted")),
            list(frame.columns),
        )


def check_integrity(store: KeyStore, roles: KeyRoles) -> Integrity:
    result = Integrity()
    for index in roles.unique:
        for frame in store.buckets(f"unique-{index}"):
            for row, previous in _repeats(frame, [f"k{index}"]):
                result.unique.setdefault(row, {})[index] = previous
    if roles.primary:
        if roles.primary_is_unique:  # a one-field key that is also unique: the same repeats
            only = roles.primary[0]
            result.primary.update((row, repeats[only]) for row, repeats in result.unique.items() if only in repeats)
        for frame in store.buckets("primary"):
            result.primary.update(_repeats(frame, [column for column in frame.columns if column != "row"]))
        with_none = []
        for frame in store.buckets("primary-none"):
            result.primary.update(dict.fromkeys(frame.filter("all").get_column("row").to_list(), 0))
            with_none += frame.get_column("row").to_list()
        result.primary_with_none = sum(1 for row in with_none if row in result.primary)
    for number, (_key, targets, _references) in enumerate(roles.foreign):
        names = [f"t{position}" for position in range(len(targets))]
        for frame in store.buckets(f"foreign-{number}"):
            for row in _missing_references(frame, names):
                result.foreign.setdefault(row, []).append(number)
    return result


class _NaN:
    """Tells whether a key column holds NaN (only number keys can)."""

    def __init__(self, floats: set[str]) -> None:
        self.floats = floats

    def __call__(self, column: str, alias: str | None = None) -> pl.Expr:
        if column not in self.floats:
            return pl.lit(False)
        return pl.col(alias or column).is_nan().fill_null(False)


def _repeats(frame: pl.DataFrame, columns: list[str]) -> list[tuple[int, int]]:
    ordered = frame.select("row", *columns)
    if not (len(columns) == 1 and ordered.get_column(columns[0]).is_sorted()):
        # Rows come in file order, so keys already in order (an id column) need no sort.
        ordered = ordered.sort([*columns, "row"], nulls_last=True)
    same = pl.col("row").shift(1).is_not_null()
    for column in columns:
        same = same & pl.col(column).eq_missing(pl.col(column).shift(1))
    repeats = ordered.select(pl.col("row"), pl.col("row").shift(1).alias("previous"), same.alias("same")).filter("same")
    return list(zip(repeats.get_column("row").to_list(), repeats.get_column("previous").to_list()))


def _missing_references(frame: pl.DataFrame, names: list[str]) -> list[int]:
    wanted = frame.filter("wanted")
    known = frame.filter(~pl.col("wanted")).select(names).unique()
    missing = wanted.filter(~pl.col("nan")).join(known, on=names, how="anti", nulls_equal=True)
    return sorted(missing.get_column("row").to_list() + wanted.filter("nan").get_column("row").to_list())
