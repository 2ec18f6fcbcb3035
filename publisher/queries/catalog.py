"""The public catalogue: DCAT-AP graphs of published datasets, and schema.org for a dataset page.

Built here from the database (``publisher.metadata``); the web layer only serialises. URLs are
absolute, under ``OPENDATA_PUBLIC_URL`` when set, else under the address the request came to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..actor import Actor
from ..errors import NotFound, PublisherError
from ..metadata import dcat, schemaorg
from ..metadata.load import catalog_state, count_datasets, load_datasets
from ..metadata.records import CatalogRecord, PublishedDataset, content_hash
from ..platform import Platform

__all__ = ["FORMATS", "catalog_etag", "catalog_rdf", "dataset_rdf", "dataset_schemaorg"]

FORMATS = dcat.FORMATS
MAX_PER_PAGE = 500
CATALOG_TITLE = "Cổng dữ liệu mở"
CATALOG_DESCRIPTION = "Dữ liệu mở do các cơ quan nhà nước công bố: đúng, đủ, sạch, sống, thống nhất, dùng chung."


def catalog_rdf(
    platform: Platform,
    actor: Actor,
    *,
    base_url: str,
    extension: str,
    page_link: Callable[[int], str],
    page: int = 1,
    per_page: int = 100,
    modified_since: str | None = None,
) -> bytes:
    """One page of the DCAT-AP catalogue, serialised (``ttl``, ``jsonld`` or ``rdf``); only published
    datasets, and with ``modified_since`` (a date, or a time in ISO 8601) only those changed since."""
    since = _since(modified_since)
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    base = _base(platform, base_url)
    with platform.db.read() as session:
        total = count_datasets(session, modified_since=since)
        items = load_datasets(session, platform.reference, base, modified_since=since,
                              offset=(page - 1) * per_page, limit=per_page)
        newest = load_datasets(session, platform.reference, base, limit=1)
    record = CatalogRecord(
        title=CATALOG_TITLE,
        description=CATALOG_DESCRIPTION,
        url=base + "/",
        page_url=page_link(page),
        datasets=items,
        total=total,
        page=page,
        per_page=per_page,
        page_link=page_link,
        publisher_name=platform.settings.catalog_publisher or CATALOG_TITLE,
        modified=newest[0].modified if newest else None,
    )
    return dcat.serialise(dcat.catalog_graph(record), extension)


def catalog_etag(platform: Platform, actor: Actor, *, base_url: str, extension: str, page: int = 1,
                 per_page: int = 100, modified_since: str | None = None) -> str:
    """An ETag for that page of the catalogue, known without building it: harvesters that ask again
    with ``If-None-Match`` cost two small queries when nothing changed."""
    since = _since(modified_since)
    with platform.db.read() as session:
        state = catalog_state(session, modified_since=since)
    return content_hash(state, _base(platform, base_url), extension, page, per_page, since,
                        platform.settings.catalog_publisher)


def dataset_rdf(platform: Platform, actor: Actor, slug: str, *, base_url: str, extension: str) -> bytes:
    """A published dataset in DCAT-AP, serialised."""
    return dcat.serialise(dcat.dataset_graph(_published(platform, slug, base_url)), extension)


def dataset_schemaorg(platform: Platform, actor: Actor, slug: str, *, base_url: str) -> dict[str, Any] | None:
    """A schema.org Dataset for the dataset's page; None when it has no published version to describe."""
    try:
        return schemaorg.dataset(_published(platform, slug, base_url))
    except NotFound:
        return None


def _published(platform: Platform, slug: str, base_url: str) -> PublishedDataset:
    with platform.db.read() as session:
        found = load_datasets(session, platform.reference, _base(platform, base_url), slugs=[slug])
    if not found:
        raise NotFound("dataset-not-found", slug=slug)
    return found[0]


def _since(text: str | None) -> dt.datetime | None:
    """A date means its midnight UTC; a time without a zone is UTC."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip().replace(" ", "+"))
    except ValueError:
        raise PublisherError("invalid-modified-since", value=text[:40]) from None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _base(platform: Platform, base_url: str) -> str:
    return (platform.settings.public_url or base_url).rstrip("/")
