"""Harvest a paged JSON API as one CSV: follow the pages, take the records, map fields to columns.

Paging styles (option ``paging``):

- ``none``: one answer holds everything;
- ``page``: ``?page=1,2,3…`` (``page_param``, ``first_page``), until a short or empty page;
- ``offset``: ``?offset=0,100,200…`` (``offset_param``), until a short or empty page;
- ``cursor``: the answer carries the next cursor at ``cursor_path``, sent back as ``cursor_param``
  (Datasette: ``cursor_path=next``, ``cursor_param=_next``), until it is empty;
- ``next``: the answer carries the next page's URL at ``next_path`` (Datasette: ``next_url``), or
  in a ``Link: <…>; rel="next"`` header when ``next_path`` is not set.

``size_param`` and ``page_size`` ask for a page size. ``records`` is the dotted path to the list
of records in each answer (empty: the answer is the list). ``fields`` maps CSV columns to dotted
paths in a record (``{"ma_tinh": "code", "ten": "name.vi"}``); without it, the columns are the
records' keys in order of appearance. Every page URL, including next links, goes through the safe
client, and ``max_pages`` bounds a source that pages forever.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from .base import (
    DATASET_OPTIONS,
    Discovery,
    Fetched,
    FetchedFile,
    Harvester,
    HarvestState,
    NotModified,
    Provenance,
    RemoteItem,
    RemoteResource,
    SourceConfig,
)
from .errors import UnreadableResponse
from .http import HttpClient
from .spool import spool
from .tables import write_csv

__all__ = ["RestHarvester"]


class RestHarvester(Harvester):
    """A JSON API whose records make one table (a list endpoint of an agency system, Datasette…)."""

    name = "rest"
    title = "JSON API (paged records)"
    config_schema = {
        "type": "object",
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "pattern": "^https?://", "description": "The first page of the API."},
            "options": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "records": {"type": "string", "description": "Dotted path to the records in an answer. Default: the answer."},
                    "paging": {"enum": ["none", "page", "offset", "cursor", "next"],
                               "description": "How pages follow. Default: none."},
                    "page_param": {"type": "string", "description": "Query parameter of the page number. Default: page."},
                    "first_page": {"type": "integer", "description": "Number of the first page. Default: 1."},
                    "offset_param": {"type": "string", "description": "Query parameter of the offset. Default: offset."},
                    "size_param": {"type": "string", "description": "Query parameter of the page size."},
                    "page_size": {"type": "integer", "minimum": 1, "description": "Page size to ask for with size_param."},
                    "cursor_param": {"type": "string", "description": "Query parameter of the cursor. Default: cursor."},
                    "cursor_path": {"type": "string", "description": "Dotted path to the next cursor in an answer."},
                    "next_path": {"type": "string", "description": "Dotted path to the next page's URL. Default: the Link header."},
                    "fields": {"type": "object", "additionalProperties": {"type": "string"},
                               "description": "CSV column → dotted path in a record."},
                    "max_pages": {"type": "integer", "minimum": 1, "description": "Most pages followed. Default: 1000."},
                    "id": {"type": "string", "description": "Remote id of the dataset. Default: the URL."},
                    **DATASET_OPTIONS,
                },
                "allOf": [
                    {"if": {"properties": {"paging": {"const": "cursor"}}, "required": ["paging"]},
                     "then": {"required": ["cursor_path"]}},
                ],
            },
        },
    }

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        options = config.options
        item = RemoteItem(
            remote_id=options.get("id") or config.url,
            title=options.get("title") or config.url,
            description=options.get("description", ""),
            tags=tuple(options.get("tags", ())),
            licence=options.get("licence", ""),
            organisation=options.get("organisation", ""),
            landing_page=config.url,
            resources=(RemoteResource("data", config.url, "data.csv", "CSV", "text/csv"),),
        )
        return Discovery((item,))

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        client = self.context.client
        limit = client.limits.max_download_bytes
        # Records go to a JSON-lines file first: the CSV header needs every key before the first row.
        lines = spool(_json_lines(_records(client, config)), self.context.work_dir, limit, source=config.url)
        try:
            header, rows = _table(lines.path, config.options.get("fields"))
            spooled = write_csv(header, rows, self.context.work_dir, limit, source=config.url)
        finally:
            lines.path.unlink()
        previous = state.file(item.remote_id, "data")
        if previous and previous.sha256 == spooled.sha256:
            spooled.path.unlink()
            return NotModified(item.remote_id, "same-content")
        provenance = Provenance(config.url, config.url, None, None, "text/csv", spooled.sha256, spooled.size,
                                dt.datetime.now(dt.UTC))
        return Fetched(item.remote_id, (FetchedFile("data", "data.csv", spooled.path, provenance),))


def _records(client: HttpClient, config: SourceConfig) -> Iterator[Any]:
    options = config.options
    style = options.get("paging", "none")
    params: dict[str, str] = {}
    if options.get("size_param") and options.get("page_size"):
        params[options["size_param"]] = str(options["page_size"])
    page_size = int(options.get("page_size", 0))
    page, offset = int(options.get("first_page", 1)), 0
    url = config.url
    seen: set[str] = set()
    for number in count():
        if number == int(options.get("max_pages", 1000)):
            raise UnreadableResponse("too-many-pages", url=config.url, limit=number)
        if style == "page":
            params[options.get("page_param", "page")] = str(page)
        elif style == "offset":
            params[options.get("offset_param", "offset")] = str(offset)
        document = client.get_document(url, params=params, accept="application/json")
        answer = document.json()
        records = _at(answer, options.get("records", ""))
        if not isinstance(records, list):
            raise UnreadableResponse("records-not-found", url=document.url, path=options.get("records", ""))
        yield from records
        if style == "none" or not records or (style in ("page", "offset") and len(records) < page_size):
            return
        page, offset = page + 1, offset + len(records)
        if style == "cursor":
            cursor = _at(answer, options["cursor_path"])
            if cursor in (None, ""):
                return
            params[options.get("cursor_param", "cursor")] = str(cursor)
        elif style == "next":
            target = _at(answer, options["next_path"]) if options.get("next_path") else document.links.get("next")
            if not target:
                return
            seen.add(document.url)
            url, params = urljoin(document.url, str(target)), {}
            if url in seen:
                raise UnreadableResponse("paging-loop", url=url)


def _json_lines(records: Iterator[Any]) -> Iterator[bytes]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _table(path: Path, fields: Mapping[str, str] | None) -> tuple[list[str], Iterator[list[Any]]]:
    """The CSV header and a reader of rows over the JSON-lines file."""
    if fields:
        header, paths = list(fields), list(fields.values())
    else:
        keys: dict[str, None] = {}
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise UnreadableResponse("records-not-objects", hint="set the fields option")
                keys.update(dict.fromkeys(record))
        header = paths = list(keys)

    def rows() -> Iterator[list[Any]]:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                yield [_at(record, field) for field in paths] if fields else [record.get(key) for key in paths]

    return header, rows()


def _at(value: Any, path: str) -> Any:
    """The value at a dotted path (``a.b.0.c``), or None where the path does not lead."""
    for part in filter(None, path.split(".")):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value
