"""Reference data from ``config/``: licences, update frequencies, themes, and the provinces in force."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from datapackages.names import fold

from .settings import CONFIG_DIR

__all__ = ["Frequency", "Licence", "Province", "Reference", "Theme", "load_reference"]


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
class Reference:
    licences: dict[str, Licence]
    frequencies: dict[str, Frequency]
    provinces: dict[str, Province]
    """By code: the 34 provincial units in force since 1 July 2025."""
    themes: dict[str, Theme]

    def unit_name(self, code: str) -> str | None:
        """The name of the administrative unit with this code, when the platform knows it."""
        province = self.provinces.get(code)
        return f"{province.kind} {province.name}" if province else None

    def unit_code(self, text: str) -> str | None:
        """The code of a unit an officer typed as a code or a name ("24", "Bắc Ninh", "tinh bac ninh").

        Five-digit codes are communes' national statistics codes; they are accepted by their shape."""
        text = " ".join(text.split())
        if text.isdigit() and len(text) in (2, 5):
            return text if len(text) == 5 or text in self.provinces else None
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
        themes={item["id"]: Theme(item["id"], item["title"]) for item in themes},
    )
