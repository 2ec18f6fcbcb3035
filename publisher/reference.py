"""Reference data from ``config/``: the licences and update frequencies users choose from."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .settings import CONFIG_DIR

__all__ = ["Frequency", "Licence", "Reference", "load_reference"]


@dataclass(frozen=True)
class Licence:
    id: str
    title: dict[str, str]
    url: str
    open: bool


@dataclass(frozen=True)
class Frequency:
    id: str
    title: dict[str, str]
    days: int | None


@dataclass(frozen=True)
class Reference:
    licences: dict[str, Licence]
    frequencies: dict[str, Frequency]


@cache
def load_reference(config_dir: Path = CONFIG_DIR) -> Reference:
    with open(config_dir / "licences.toml", "rb") as stream:
        licences = tomllib.load(stream)["licence"]
    with open(config_dir / "frequencies.toml", "rb") as stream:
        frequencies = tomllib.load(stream)["frequency"]
    return Reference(
        licences={item["id"]: Licence(item["id"], item["title"], item["url"], item["open"]) for item in licences},
        frequencies={item["id"]: Frequency(item["id"], item["title"], item.get("days")) for item in frequencies},
    )
