"""Harvest a ``data.json`` catalogue (Project Open Data / DCAT-US 1.1, and the bare list of 1.0).

Each entry of ``dataset`` with an ``identifier`` becomes an item (DCAT-US requires one; an entry
without it cannot be recognised from one run to the next, so it is left out). Fields the platform
has no place for (``accessLevel``, ``temporal``, ``spatial``…) travel in ``extras``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .base import (
    Discovery,
    Feature,
    Fetched,
    Harvester,
    HarvestState,
    NotModified,
    RemoteItem,
    RemoteResource,
    SourceConfig,
)
from .downloads import DEFAULT_FORMATS, FORMATS_OPTION, fetch_tabular
from .errors import UnreadableResponse

__all__ = ["DataJsonHarvester"]

_MAPPED = frozenset({"identifier", "title", "description", "keyword", "license", "publisher", "modified",
                     "landingPage", "distribution", "@type"})


class DataJsonHarvester(Harvester):
    """A ``data.json`` file as published by US-style portals and by CKAN's ckanext-datajson."""

    name = "datajson"
    title = "data.json (DCAT-US / Project Open Data)"
    features = frozenset({Feature.CONDITIONAL_REQUESTS})
    config_schema = {
        "type": "object",
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "pattern": "^https?://", "description": "The data.json file."},
            "options": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"formats": FORMATS_OPTION},
            },
        },
    }

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        document = self.context.client.get_document(config.url, accept="application/json")
        catalogue = document.json()
        entries = catalogue.get("dataset") if isinstance(catalogue, dict) else catalogue
        if not isinstance(entries, list):
            raise UnreadableResponse("not-a-data-json", url=document.url)
        items: dict[str, RemoteItem] = {}
        for item in _items(entries):
            items.setdefault(item.remote_id, item)
        return Discovery(tuple(items.values()))

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        return fetch_tabular(self.context, item, state, config.options.get("formats", DEFAULT_FORMATS))


def _items(entries: list[Any]) -> Iterator[RemoteItem]:
    for entry in entries:
        if not isinstance(entry, dict) or not _text(entry.get("identifier")):
            continue
        publisher = entry.get("publisher")
        yield RemoteItem(
            remote_id=_text(entry["identifier"]),
            title=_text(entry.get("title")) or _text(entry["identifier"]),
            description=_text(entry.get("description")),
            tags=tuple(_text(keyword) for keyword in _list(entry.get("keyword")) if _text(keyword)),
            licence=_text(entry.get("license")),
            organisation=_text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher),
            modified=_text(entry.get("modified")) or None,
            landing_page=_text(entry.get("landingPage")),
            extras=_extras(entry),
            resources=tuple(_resource(number, dist) for number, dist in enumerate(_list(entry.get("distribution")))
                            if isinstance(dist, dict)),
        )


def _resource(number: int, dist: dict[str, Any]) -> RemoteResource:
    url = _text(dist.get("downloadURL")) or _text(dist.get("accessURL"))
    return RemoteResource(
        key=url or f"distribution-{number}",
        url=url,
        name=_text(dist.get("title")),
        format=_text(dist.get("format")).upper(),
        media_type=_text(dist.get("mediaType")),
        description=_text(dist.get("description")),
    )


def _extras(entry: dict[str, Any]) -> dict[str, str]:
    extras = {}
    for key, value in entry.items():
        if key in _MAPPED:
            continue
        if isinstance(value, list) and all(isinstance(part, str) for part in value):
            value = "; ".join(value)
        elif isinstance(value, dict) and isinstance(value.get("fn"), str):  # contactPoint
            if isinstance(value.get("hasEmail"), str):
                extras["datajson_contactEmail"] = value["hasEmail"].removeprefix("mailto:")
            value = value["fn"]
        if isinstance(value, (str, int, float, bool)) and str(value):
            extras[f"datajson_{key}"] = str(value)
    return extras


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
