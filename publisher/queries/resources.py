"""A published version's data: pages of rows, downloads as CSV, XLSX or JSON, and diffs between versions.

Exports and diffs are made once and cached in the store (``Store.put_derived``), keyed by the
hashes of what they are made from and the writer's version: the second download of a version's
XLSX costs one lookup, and a published version's files never change, so neither do their keys.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from datapackages import diff as diffing
from datapackages import export

from ..actor import Actor
from ..errors import Gone, InvalidInput, NotFound
from ..platform import Platform
from ..store import BlobMissing
from .datasets import _dataset, _published
from .views import LAST_PAGE, BlobRef

__all__ = ["MAX_ROWS_PER_PAGE", "MEDIA_TYPES", "RowsPage", "VersionDiff", "resource_export", "resource_rows", "version_diff"]

log = logging.getLogger(__name__)

MAX_ROWS_PER_PAGE = 200
LARGEST_NUMBER = 2**31 - 1
"""No version number is larger than the databases' integers."""
DIFF_VERSION = "1"
"""Part of a cached diff's key: bump it when the diff's output changes."""
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class RowsPage:
    resource: str
    number: int
    """The version's number."""
    fields: list[dict[str, Any]]
    header: list[str]
    rows: list[list[str]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_row(self) -> int:
        """The number of the first row shown (1 for the first data row)."""
        return (self.page - 1) * self.per_page + 1


@dataclass(frozen=True)
class VersionDiff:
    slug: str
    before: int
    after: int
    resources: list[dict[str, Any]]
    """Per resource, a ``datapackages.diff.TableDiff`` as plain data."""

    @property
    def unchanged(self) -> bool:
        return all(item["status"] == "unchanged" for item in self.resources)


def resource_rows(
    platform: Platform, actor: Actor, slug: str, name: str, *, number: int | None = None, page: int = 1, per_page: int = 50
) -> RowsPage:
    """One page of a resource's rows, read from its stored CSV no further than the page's end."""
    per_page = min(max(1, per_page), MAX_ROWS_PER_PAGE)
    page = min(max(1, page), LAST_PAGE)
    version_number, resource = _resource(platform, actor, slug, name, number)
    offset = (page - 1) * per_page
    local = platform.store.local_path(resource["sha256"])
    if local is not None:
        header, rows = export.read_page(local, offset, per_page)
    else:
        try:
            with platform.store.open(resource["sha256"]) as stream:
                header, rows = export.read_page(stream, offset, per_page)
        except BlobMissing as error:
            log.error("table %s of %s is named by the database but missing from the store %s", name, slug, platform.store.url)
            raise NotFound("file-not-found", path=name) from error
    return RowsPage(name, version_number, list(resource["schema"].get("fields", [])), header, rows,
                    int(resource["rows"]), page, per_page)


def resource_export(platform: Platform, actor: Actor, slug: str, name: str, fmt: str, *, number: int | None = None) -> BlobRef:
    """A resource as ``csv`` (the stored file itself), ``xlsx`` or ``json``, made once and then cached."""
    if fmt not in export.FORMATS:
        raise NotFound("file-not-found", path=f"{name}.{fmt}")
    version_number, resource = _resource(platform, actor, slug, name, number)
    filename = f"{name}-v{version_number}.{fmt}"
    if fmt == "csv":
        return BlobRef(resource["sha256"], int(resource["bytes"]), MEDIA_TYPES[fmt], filename)
    schema = resource["schema"]
    key = _key("export", export.EXPORT_VERSION, fmt, resource["sha256"], schema, name)
    sha256 = platform.store.derived(key)
    if sha256 is None:
        with tempfile.TemporaryDirectory(prefix="opendata-export-") as folder:
            out = Path(folder) / filename
            with platform.store.open(resource["sha256"]) as stream:
                if fmt == "xlsx":
                    export.write_xlsx(stream, schema, out, sheet_title=name)
                else:
                    export.write_json(stream, schema, out)
            sha256 = platform.store.put_derived(key, out).sha256
    return BlobRef(sha256, 0, MEDIA_TYPES[fmt], filename)


def version_diff(platform: Platform, actor: Actor, slug: str, before: int, after: int) -> VersionDiff:
    """What changed from version ``before`` to version ``after`` (either order), per resource."""
    if before < 1 or after < 1:
        raise InvalidInput({"from" if before < 1 else "to": "invalid-version-number"})
    if max(before, after) > LARGEST_NUMBER:
        raise NotFound("version-not-found", slug=slug, number=max(before, after))
    with platform.db.read() as session:
        dataset, _agency = _dataset(session, slug)
        old = list(_published(session, dataset, before).resources)
        new = list(_published(session, dataset, after).resources)
    key = _key("diff", DIFF_VERSION, [(r["name"], r["sha256"], r["schema"]) for r in old], [(r["name"], r["sha256"], r["schema"]) for r in new])
    cached = platform.store.derived(key)
    if cached is not None:
        return VersionDiff(slug, before, after, json.loads(platform.store.read_bytes(cached)))
    with _local_files(platform, [r["sha256"] for r in old + new]) as paths:
        diffs = diffing.diff_versions(
            [diffing.TableSide(r["name"], paths[r["sha256"]], r["schema"]) for r in old],
            [diffing.TableSide(r["name"], paths[r["sha256"]], r["schema"]) for r in new],
        )
    resources = [dataclasses.asdict(item) for item in diffs]
    with tempfile.TemporaryDirectory(prefix="opendata-diff-") as folder:
        out = Path(folder) / "diff.json"
        out.write_text(json.dumps(resources, ensure_ascii=False), encoding="utf-8")
        platform.store.put_derived(key, out)
    return VersionDiff(slug, before, after, resources)


def _resource(platform: Platform, actor: Actor, slug: str, name: str, number: int | None) -> tuple[int, dict[str, Any]]:
    with platform.db.read() as session:
        dataset, _agency = _dataset(session, slug)
        if number is None and dataset.withdrawn_at is not None:
            raise Gone("dataset-withdrawn", slug=slug)
        version = _published(session, dataset, number)
        for resource in version.resources:
            if resource["name"] == name:
                return version.number or 0, dict(resource)
    raise NotFound("resource-not-found", name=name)


@contextmanager
def _local_files(platform: Platform, hashes: list[str]) -> Iterator[dict[str, Path]]:
    """Polars scans files: use the store's own when it is a folder, else copy them here for the diff."""
    with tempfile.TemporaryDirectory(prefix="opendata-diff-") as folder:
        paths: dict[str, Path] = {}
        for sha256 in hashes:
            if sha256 not in paths:
                paths[sha256] = platform.store.local_path(sha256) or platform.store.copy_to(sha256, Path(folder) / sha256)
        yield paths


def _key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()
