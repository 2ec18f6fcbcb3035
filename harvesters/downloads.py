"""Fetch an item's files by URL: the ``fetch`` of every catalogue-like source (CKAN, DCAT, data.json, files).

Only files in a tabular format are taken, because the pipeline turns tables into Data Packages;
a dataset offering none (only a PDF or a web page) is skipped with a reason the officer can read.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from posixpath import splitext
from urllib.parse import unquote, urlsplit

from .base import (
    Fetched,
    FetchedFile,
    HarvestContext,
    HarvestState,
    NotModified,
    RemoteItem,
    RemoteResource,
    UnchangedFile,
)
from .errors import SkipItem
from .http import Unchanged

__all__ = ["DEFAULT_FORMATS", "FORMATS_OPTION", "fetch_files", "fetch_tabular", "file_format"]

DEFAULT_FORMATS = ("csv", "json", "ods", "tsv", "xls", "xlsx")

FORMATS_OPTION = {
    "type": "array",
    "items": {"type": "string", "pattern": "^[a-z0-9]+$"},
    "description": "File formats to take (lower case). Default: " + ", ".join(DEFAULT_FORMATS) + ".",
}

_MEDIA_TYPES = {
    "text/csv": "csv",
    "application/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/vnd.ms-excel": "xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}


def file_format(resource: RemoteResource) -> str:
    """The resource's format in lower case: as declared, else from its media type, else its URL's extension."""
    if resource.format:
        return resource.format.strip().lower().lstrip(".")
    if resource.media_type:
        return _MEDIA_TYPES.get(resource.media_type.lower(), "")
    return splitext(unquote(urlsplit(resource.url).path))[1].lower().lstrip(".")


def fetch_tabular(context: HarvestContext, item: RemoteItem, state: HarvestState,
                  formats: Collection[str] = DEFAULT_FORMATS) -> Fetched | NotModified:
    """Fetch the item's files whose format is one of ``formats``; skip the item if it has none."""
    chosen = [resource for resource in item.resources if resource.url and file_format(resource) in formats]
    if not chosen:
        found = sorted({file_format(resource) or "?" for resource in item.resources})
        raise SkipItem("no-supported-file", formats=sorted(formats), found=found)
    return fetch_files(context, item.remote_id, chosen, state)


def fetch_files(context: HarvestContext, remote_id: str, resources: Iterable[RemoteResource],
                state: HarvestState) -> Fetched | NotModified:
    """Download each resource conditionally; ``NotModified`` when none of them changed."""
    files: list[FetchedFile | UnchangedFile] = []
    for resource in resources:
        previous = state.file(remote_id, resource.key)
        result = context.client.download(
            resource.url, context.work_dir,
            etag=previous.etag if previous else None,
            last_modified=previous.last_modified if previous else None,
            sha256=previous.sha256 if previous else None,
        )
        if isinstance(result, Unchanged):
            assert previous is not None  # only last time's validators can make a file unchanged
            files.append(UnchangedFile(resource.key, resource.name, previous.sha256, result.reason))
        else:
            files.append(FetchedFile(resource.key, resource.name, result.path, result.provenance))
    return _outcome(remote_id, files)


def _outcome(remote_id: str, files: list[FetchedFile | UnchangedFile]) -> Fetched | NotModified:
    """``NotModified`` when every file is unchanged (``not-modified`` only if the server said so for all)."""
    unchanged = [file for file in files if isinstance(file, UnchangedFile)]
    if files and len(unchanged) == len(files):
        reasons = {file.reason for file in unchanged}
        return NotModified(remote_id, "not-modified" if reasons == {"not-modified"} else "same-content")
    return Fetched(remote_id, tuple(files))
