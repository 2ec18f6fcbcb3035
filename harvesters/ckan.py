"""Harvest a CKAN site: one organisation, or the datasets a search selects, through ckanapi.

Discovery is incremental the way CKAN makes cheap: one light search lists the id and
``metadata_modified`` of every selected dataset (so deletions are always detectable), and only
datasets that are new or whose ``metadata_modified`` differs from the state are read in full.
Resource files are downloaded in ``fetch``, conditionally.

Options: ``organization`` (a name; checked to exist, so a typo never withdraws everything),
``q`` and ``fq`` (CKAN search syntax), ``formats``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import ckanapi

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
from .errors import HarvestError, InvalidConfig, SourceUnreachable, UnreadableResponse
from .http import USER_AGENT

__all__ = ["CkanHarvester"]

_ROWS = 1000
"""CKAN's default ``ckan.search.rows_max``."""
_BATCH = 50
"""Datasets read per search by id: keeps GET URLs short."""


class CkanHarvester(Harvester):
    """A CKAN site (2.9 or later), read through its action API."""

    name = "ckan"
    title = "CKAN"
    features = frozenset({Feature.INCREMENTAL, Feature.CONDITIONAL_REQUESTS})
    config_schema = {
        "type": "object",
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "pattern": "^https?://", "description": "The CKAN site, e.g. https://data.gov.vn."},
            "options": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "organization": {"type": "string", "minLength": 1, "description": "Harvest only this organisation (its name)."},
                    "q": {"type": "string", "description": "A CKAN search query selecting the datasets."},
                    "fq": {"type": "string", "description": "A CKAN filter query selecting the datasets."},
                    "formats": FORMATS_OPTION,
                },
            },
        },
    }

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        ckan = self._remote(config)
        query = _query(ckan, config)
        listing = _listing(ckan, config, query)
        changed = [remote_id for remote_id, modified in listing.items()
                   if (known := state.items.get(remote_id)) is None or known.modified != modified]
        items = tuple(_item(config.url, package) for package in _packages(ckan, config, changed))
        # A listed dataset that could not be read in full stays present (as unchanged, with its old
        # state, so it is retried next run): only the listing decides what is gone.
        return Discovery(items, frozenset(listing) - {item.remote_id for item in items})

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        return fetch_tabular(self.context, item, state, config.options.get("formats", DEFAULT_FORMATS))

    def _remote(self, config: SourceConfig) -> ckanapi.RemoteCKAN:
        # Not closed after use: closing a RemoteCKAN closes the session, which the run's client owns.
        return ckanapi.RemoteCKAN(config.url.rstrip("/"), user_agent=USER_AGENT, get_only=True,
                                  session=self.context.client.session)


def _query(ckan: ckanapi.RemoteCKAN, config: SourceConfig) -> dict[str, str]:
    """The search parameters selecting the source's datasets."""
    options = config.options
    filters = [f"({options['fq']})"] if options.get("fq") else []
    if options.get("organization"):
        organisation = _call(ckan, config, "organization_show", id=options["organization"], include_datasets="false")
        filters.append(f"owner_org:{organisation['id']}")
    return {"q": options.get("q") or "*:*", "fq": " AND ".join(filters)}


def _listing(ckan: ckanapi.RemoteCKAN, config: SourceConfig, query: dict[str, str]) -> dict[str, str]:
    """metadata_modified by id of every selected dataset, page by page; all of them or an error."""
    listing: dict[str, str] = {}
    count = 1
    while len(listing) < count:
        page = _call(ckan, config, "package_search", **query, fl="id,metadata_modified", sort="id asc",
                     rows=str(_ROWS), start=str(len(listing)))
        count = int(page["count"])
        if not page["results"]:
            break
        listing.update((str(result["id"]), _modified(result["metadata_modified"])) for result in page["results"])
    if len(listing) != count:
        # The selection changed while it was paged through: a partial list would withdraw datasets.
        raise SourceUnreachable("listing-changed", url=config.url, expected=count, listed=len(listing))
    return listing


def _packages(ckan: ckanapi.RemoteCKAN, config: SourceConfig, ids: list[str]) -> Iterator[dict[str, Any]]:
    """The full dataset dicts of ``ids`` (those deleted meanwhile are simply not there)."""
    for first in range(0, len(ids), _BATCH):
        batch = ids[first:first + _BATCH]
        page = _call(ckan, config, "package_search", q="*:*", fq="id:(" + " OR ".join(batch) + ")", rows=str(len(batch)))
        yield from page["results"]


def _call(ckan: ckanapi.RemoteCKAN, config: SourceConfig, action: str, **params: str) -> Any:
    """Call an action, translating ckanapi's errors into ours."""
    try:
        return ckan.call_action(action, params)
    except HarvestError:
        raise
    except ckanapi.NotFound as error:
        raise InvalidConfig({"options.organization": "not-found"}) from error
    except (ckanapi.SearchQueryError, ckanapi.SearchError, ckanapi.ValidationError) as error:
        field = "options.fq" if config.options.get("fq") else "options.q"
        raise InvalidConfig({field: "invalid-query"}) from error
    except (ckanapi.CKANAPIError, ckanapi.ServerIncompatibleError) as error:
        raise UnreadableResponse("not-ckan-api", url=config.url, action=action) from error


def _modified(value: str) -> str:
    """CKAN gives ``metadata_modified`` with a Z from the index and without one from the database."""
    return value.removesuffix("Z")


def _item(address: str, package: dict[str, Any]) -> RemoteItem:
    organisation = package.get("organization") or {}
    extras = {str(extra["key"]): str(extra["value"]) for extra in package.get("extras") or []}
    for key in ("name", "license_title", "license_url", "author", "author_email", "maintainer", "maintainer_email",
                "version", "url"):
        if package.get(key):
            extras.setdefault(f"ckan_{key}", str(package[key]))
    if organisation.get("name"):
        extras.setdefault("ckan_organization", str(organisation["name"]))
    resources = tuple(
        RemoteResource(
            key=str(resource["id"]),
            url=str(resource.get("url") or ""),
            name=str(resource.get("name") or ""),
            format=str(resource.get("format") or "").upper(),
            media_type=str(resource.get("mimetype") or ""),
            description=str(resource.get("description") or ""),
        )
        for resource in package.get("resources") or []
    )
    return RemoteItem(
        remote_id=str(package["id"]),
        title=str(package.get("title") or package["name"]),
        description=str(package.get("notes") or ""),
        tags=tuple(str(tag.get("display_name") or tag["name"]) for tag in package.get("tags") or []),
        licence=str(package.get("license_id") or ""),
        organisation=str(organisation.get("title") or organisation.get("name") or ""),
        modified=_modified(str(package["metadata_modified"])),
        landing_page=f"{address.rstrip('/')}/dataset/{package['name']}",
        extras=extras,
        resources=resources,
    )
