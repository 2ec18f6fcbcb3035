"""The check registry: every class in the ``opendata.checks`` entry-point group, built-ins included.

Loaded once per process. A check id registered twice, or a rubric check that no installed class
implements, stops scoring with a clear error rather than scoring with a silent gap.
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from .base import Check
from .rubric import Rubric, RubricError

__all__ = ["GROUP", "enabled_checks", "installed_checks"]

GROUP = "opendata.checks"


@cache
def installed_checks() -> dict[str, Check]:
    checks: dict[str, Check] = {}
    for entry in entry_points(group=GROUP):
        check = entry.load()()
        if check.id in checks:
            raise RubricError(f"two installed checks are named {check.id} ({entry.value})")
        if entry.name != check.id:
            raise RubricError(f"entry point {entry.name} loads the check {check.id}: the names must agree")
        checks[check.id] = check
    return checks


def enabled_checks(rubric: Rubric, installed: dict[str, Check] | None = None) -> list[Check]:
    """The rubric's checks, in its order, each with its implementation."""
    installed = installed_checks() if installed is None else installed
    missing = [check.id for check in rubric.checks if check.id not in installed]
    if missing:
        raise RubricError(f"the rubric lists checks no installed plugin implements: {', '.join(missing)}")
    for check in rubric.checks:
        if installed[check.id].principle != check.principle:
            raise RubricError(f"{check.id}: the rubric says {check.principle}, the check says {installed[check.id].principle}")
    return [installed[check.id] for check in rubric.checks]
