"""Is the platform able to serve? Checked by /healthz and by `opendata serve` at start."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import text

from ..platform import Platform

__all__ = ["check"]

log = logging.getLogger(__name__)


def check(platform: Platform) -> dict[str, Any]:
    parts = {"database": _database(platform), "storage": _storage(platform)}
    return {"status": "ok" if all(value == "ok" for value in parts.values()) else "failing", **parts}


def _database(platform: Platform) -> str:
    try:
        with platform.db.read() as session:
            session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means "not healthy", and is logged
        log.exception("database health check failed")
        return "failing"
    return "ok"


def _storage(platform: Platform) -> str:
    try:
        platform.store.ping()
    except Exception:  # noqa: BLE001
        log.exception("storage health check failed")
        return "failing"
    return "ok"
