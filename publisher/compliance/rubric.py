"""The rubric (``config/rubric.toml``): which checks count, how much, and how to fix a shortfall.

Read once per process; every stored score records ``Rubric.version``, so a score can be traced to
the rules that produced it even after the file changes.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..settings import CONFIG_DIR

__all__ = ["AGENCY", "PRINCIPLES", "Band", "Rubric", "RubricCheck", "load_rubric"]

PRINCIPLES = ("correct", "complete", "clean", "live", "unified", "shared")
"""đúng, đủ, sạch, sống, thống nhất, dùng chung: in that order everywhere."""
AGENCY = "agency"
"""The pseudo-principle of agency-level checks."""


class RubricError(ValueError):
    """The rubric file is inconsistent: the platform refuses to score with it."""


@dataclass(frozen=True)
class RubricCheck:
    id: str
    principle: str
    weight: float
    title: dict[str, str]
    how: dict[str, str]
    fix: dict[str, str]


@dataclass(frozen=True)
class Band:
    id: str
    min: float
    title: dict[str, str]


@dataclass(frozen=True)
class Rubric:
    version: str
    checks: tuple[RubricCheck, ...]
    bands: tuple[Band, ...]
    """Highest threshold first."""
    principles: dict[str, dict[str, dict[str, str]]]
    """Principle → {"title": {vi, en}, "about": {vi, en}}."""
    datasets_weight: float

    def check(self, check_id: str) -> RubricCheck:
        return next(check for check in self.checks if check.id == check_id)

    def band(self, score: float) -> Band:
        return next((band for band in self.bands if score >= band.min), self.bands[-1])


@cache
def load_rubric(path: Path = CONFIG_DIR / "rubric.toml") -> Rubric:
    with open(path, "rb") as stream:
        data = tomllib.load(stream)
    checks = tuple(
        RubricCheck(item["id"], item["principle"], float(item["weight"]), item["title"], item["how"], item["fix"])
        for item in data["check"]
    )
    ids = [check.id for check in checks]
    duplicates = sorted({check_id for check_id in ids if ids.count(check_id) > 1})
    if duplicates:
        raise RubricError(f"{path}: checks listed twice: {', '.join(duplicates)}")
    for check in checks:
        if check.principle not in (*PRINCIPLES, AGENCY) or not check.id.startswith(f"{check.principle}."):
            raise RubricError(f"{path}: check {check.id} has an unknown principle {check.principle!r}")
        if check.weight < 0:
            raise RubricError(f"{path}: check {check.id} has a negative weight")
    bands = tuple(sorted((Band(item["id"], float(item["min"]), item["title"]) for item in data["band"]),
                         key=lambda band: -band.min))
    datasets_weight = float(data.get("agency", {}).get("datasets_weight", 0.8))
    if not 0 <= datasets_weight <= 1:
        raise RubricError(f"{path}: agency.datasets_weight must be between 0 and 1")
    return Rubric(str(data["version"]), checks, bands, data.get("principle", {}), datasets_weight)
