"""Reference data from ``config/``: licences, update frequencies, themes, the provinces and communes
in force, and the national code lists that a schema's foreign keys may name."""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from datapackages.names import fold

from .settings import CONFIG_DIR

__all__ = ["Commune", "Frequency", "Licence", "Province", "Reference", "Theme", "load_reference", "reference_lists"]


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
class Theme:
    id: str
    title: dict[str, str]

    @property
    def uri(self) -> str:
        return f"http://publications.europa.eu/resource/authority/data-theme/{self.id}"


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    kind: str
    merged: tuple[str, ...]


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    kind: str
    province_code: str


@dataclass(frozen=True)
class Reference:
    licences: dict[str, Licence]
    frequencies: dict[str, Frequency]
    provinces: dict[str, Province]
    """By code: the 34 provincial units in force since 1 July 2025."""
    communes: dict[str, Commune]
    """By code (5 digits): the 3,321 commune-level units in force since 1 July 2025
    (``config/reference/communes.csv``, built by scripts/build_communes.py)."""
    themes: dict[str, Theme]

    @cached_property
    def codes(self) -> dict[str, frozenset[str]]:
        """The administrative codes in force, by kind, as code columns are checked against them."""
        return {"province": frozenset(self.provinces), "commune": frozenset(self.communes)}

    def unit_name(self, code: str) -> str | None:
        """The name of the administrative unit with this code, when the platform knows it."""
        province = self.provinces.get(code)
        if province:
            return f"{province.kind} {province.name}"
        commune = self.communes.get(code)
        return commune.name if commune else None

    def unit_code(self, text: str) -> str | None:
        """The code of a unit an officer typed as a code or a name ("24", "Bắc Ninh", "tinh bac ninh").

        Five-digit codes are communes' national statistics codes, checked against the communes in force."""
        text = " ".join(text.split())
        if text.isdigit():
            return text if text in self.provinces or text in self.communes else None
        wanted = fold(text)
        for province in self.provinces.values():
            names = {fold(province.name), fold(f"{province.kind} {province.name}")}
            if wanted in names:
                return province.code
        return None

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
    with open(config_dir / "reference" / "communes.csv", encoding="utf-8", newline="") as stream:
        communes = {row["code"]: Commune(row["code"], row["name"], row["kind"], row["province_code"]) for row in csv.DictReader(stream)}
    with open(config_dir / "themes.toml", "rb") as stream:
        themes = tomllib.load(stream)["theme"]
    return Reference(
        licences={item["id"]: Licence(item["id"], item["title"], item["url"], item["open"], tuple(item.get("aliases", ())))
                  for item in licences},
        frequencies={item["id"]: Frequency(item["id"], item["title"], item.get("days")) for item in frequencies},
        provinces={
            item["code"]: Province(item["code"], item["name"], item["kind"], tuple(item.get("merged", ())))
            for item in provinces
        },
        communes=communes,
        themes={item["id"]: Theme(item["id"], item["title"]) for item in themes},
    )


@cache
def reference_lists(config_dir: Path = CONFIG_DIR) -> dict[str, frozenset[str]]:
    """The national code lists a foreign key may name (``"reference": {"resource": "provinces"}``
    or ``"communes"``): the codes of the 34 provinces and 3,321 communes in force."""
    codes = load_reference(config_dir).codes
    return {"provinces": codes["province"], "communes": codes["commune"]}
