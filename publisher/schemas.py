"""The shared schema registry: Table Schemas for common topics, in ``config/schemas/*.json``.

A dataset may choose one (``Dataset.schema_id``); its uploads and harvests are then validated
against it, and the compliance score ("unified") asks that datasets on a topic the registry
covers use its schema. Each file holds ``id``, ``title`` (vi, en), ``keywords`` (how a dataset's
title or keywords reveal the topic) and the Table Schema itself under ``schema``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from datapackages.names import fold

from .settings import CONFIG_DIR

__all__ = ["SharedSchema", "load_schemas"]


@dataclass(frozen=True)
class SharedSchema:
    id: str
    title: dict[str, str]
    keywords: tuple[str, ...]
    schema: dict[str, Any]

    @cached_property
    def _folded(self) -> tuple[str, ...]:
        return tuple(fold(keyword).lower() for keyword in self.keywords)

    def matches(self, text: str) -> bool:
        """Whether a dataset's title and keywords name this schema's topic (diacritics and case aside)."""
        return self.matches_folded(fold(text).lower())

    def matches_folded(self, folded: str) -> bool:
        """``matches`` for a text already folded and lowercased (scoring folds each dataset once)."""
        return any(keyword in folded for keyword in self._folded)


@cache
def load_schemas(folder: Path = CONFIG_DIR / "schemas") -> dict[str, SharedSchema]:
    schemas = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["id"] != path.stem:
            raise ValueError(f"{path}: its id {data['id']!r} must be its file name")
        schemas[data["id"]] = SharedSchema(data["id"], data["title"], tuple(data.get("keywords", ())), data["schema"])
    return schemas
