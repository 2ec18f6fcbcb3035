"""Reference data from ``config/``: licences, update frequencies, the provinces in force, and the
national code lists that a schema's foreign keys may name."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from datapackages.names import fold

from .settings import CONFIG_DIR

__all__ = ["Frequency", "Licence", "Province", "Reference", "load_reference", "reference_lists"]


@dataclass(frozen=True)
class Licence:
    id: str
    title: dict[str, str]
    url: str
    open: bool
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Frequency:
    id: str
    title: dict[str, str]
    days: int | None


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    kind: str
    merged: tuple[str, ...]


@dataclass(frozen=True)
class Reference:
    licences: dict[str, Licence]
    frequencies: dict[str, Frequency]
    provinces: dict[str, Province]
    """By code: the 34 provincial units in force since 1 July 2025."""

    def former_province_names(self) -> dict[str, str]:
        """Former province names as a cell may spell them (with or without 'Tỉnh', diacritics, case)
        → the unit they were merged into: what the repair flags as out of date."""
        names: dict[str, str] = {}
        for province in self.provinces.values():
            successor = f"{province.kind} {province.name}"
            for old in province.merged:
                for spelling in (old, f"tỉnh {old}", fold(old), f"tinh {fold(old)}"):
                    names[spelling.lower()] = successor
        return names


@cache
def load_reference(config_dir: Path = CONFIG_DIR) -> Reference:
    with open(config_dir / "licences.toml", "rb") as stream:
        licences = tomllib.load(stream)["licence"]
    with open(config_dir / "frequencies.toml", "rb") as stream:
        frequencies = tomllib.load(stream)["frequency"]
    with open(config_dir / "reference" / "provinces.toml", "rb") as stream:
        provinces = tomllib.load(stream)["province"]
    return Reference(
        licences={item["id"]: Licence(item["id"], item["title"], item["url"], item["open"], tuple(item.get("aliases", ())))
                  for item in licences},
        frequencies={item["id"]: Frequency(item["id"], item["title"], item.get("days")) for item in frequencies},
        provinces={
            item["code"]: Province(item["code"], item["name"], item["kind"], tuple(item.get("merged", ())))
            for item in provinces
        },
    )


@cache
def reference_lists(config_dir: Path = CONFIG_DIR) -> dict[str, frozenset[str]]:
    """The national code lists a foreign key may name (``"reference": {"resource": "provinces"}``):
    the province codes, and the commune codes when ``reference/communes.csv`` is installed."""
    lists = {"provinces": frozenset(load_reference(config_dir).provinces)}
    communes = config_dir / "reference" / "communes.csv"
    if communes.exists():
        with open(communes, encoding="utf-8", newline="") as stream:
            rows = csv.DictReader(stream)
            column = "code" if rows.fieldnames and "code" in rows.fieldnames else (rows.fieldnames or [""])[0]
            lists["communes"] = frozenset(row[column] for row in rows if row.get(column))
    return lists
