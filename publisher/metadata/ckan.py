"""A published dataset as a CKAN package: an organisation per agency, metadata mapped to CKAN's
fields and extras, a resource per table (with its Table Schema) and one for datapackage.json.

Names are CKAN's: lowercase letters, digits, ``-`` and ``_``, 2 to 100 characters. A prefix
(``OPENDATA_CKAN_NAME_PREFIX``) keeps several platforms pushing into one national CKAN apart.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .records import AgencyRecord, FileRecord, PublishedDataset

__all__ = ["LICENCES", "organisation", "package", "resources"]

LICENCES = {"CC-BY-4.0": "cc-by", "CC0-1.0": "cc-zero", "CC-BY-SA-4.0": "cc-by-sa", "ODC-BY-1.0": "odc-by",
            "ODbL-1.0": "odc-odbl", "other-closed": "other-closed"}
"""Our licence ids → the ids of CKAN's default licence list."""
MAX_NAME = 100
_TAG_NOT_ALLOWED = re.compile(r"[^\w \-.]+")


def _name(prefix: str, slug: str) -> str:
    return re.sub(r"[^a-z0-9_-]", "-", f"{prefix}{slug}".lower())[:MAX_NAME]


def organisation(agency: AgencyRecord, prefix: str) -> dict[str, Any]:
    data: dict[str, Any] = {"name": _name(prefix, agency.slug), "title": agency.name,
                            "description": agency.description or ""}
    extras = [{"key": "source_url", "value": agency.url}]
    if agency.code:
        extras.append({"key": "administrative_code", "value": agency.code})
    data["extras"] = extras
    return data


def package(dataset: PublishedDataset, prefix: str) -> dict[str, Any]:
    """The package's own fields (resources go separately, with their files)."""
    extras = {
        "source_url": dataset.url,
        "frequency": f"http://publications.europa.eu/resource/authority/frequency/{dataset.frequency}",
        "issued": dataset.issued.isoformat(),
        "modified": dataset.modified.isoformat(),
        "publisher_name": dataset.agency.name,
        "language": "vi",
    }
    if dataset.themes:
        extras["theme"] = json.dumps([f"http://publications.europa.eu/resource/authority/data-theme/{theme}"
                                      for theme in dataset.themes])
    if dataset.spatial:
        extras["spatial_code"] = ",".join(unit.code for unit in dataset.spatial)
    if dataset.temporal_start:
        extras["temporal_start"] = dataset.temporal_start.isoformat()
    if dataset.temporal_end:
        extras["temporal_end"] = dataset.temporal_end.isoformat()
    return {
        "name": _name(prefix, dataset.slug),
        "title": dataset.title,
        "notes": dataset.description,
        "owner_org": _name(prefix, dataset.agency.slug),
        "license_id": LICENCES.get(dataset.licence_id, "other-closed"),
        "url": dataset.url,
        "version": str(dataset.version),
        "maintainer": dataset.contact_name or dataset.agency.name,
        "maintainer_email": dataset.contact_email or dataset.agency.email or "",
        "tags": [{"name": tag} for tag in _tags(dataset.tags)],
        "extras": [{"key": key, "value": value} for key, value in sorted(extras.items())],
        "state": "active",
    }


def resources(dataset: PublishedDataset) -> dict[str, dict[str, Any]]:
    """By the file's path in our package: the resource's fields, without its file."""
    return {item.path: _resource(item) for item in dataset.files if item.kind in ("table", "descriptor")}


def _resource(item: FileRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": item.title if item.kind == "table" else "datapackage.json",
        "description": item.description or "",
        "format": "CSV" if item.kind == "table" else "JSON",
        "mimetype": item.media_type,
        "hash": f"sha256:{item.sha256}",
        "size": item.bytes,
        "source_url": item.url,
    }
    if item.schema is not None:
        # As ckanext-validation reads it: the Table Schema, as JSON text, in the resource's `schema`.
        data["schema"] = json.dumps(item.schema, ensure_ascii=False, sort_keys=True)
    return data


def _tags(tags: list[str]) -> list[str]:
    """CKAN accepts letters (diacritics too), digits, spaces, ``-``, ``_`` and ``.``; 2 to 100 characters."""
    cleaned = []
    for tag in tags:
        text = " ".join(_TAG_NOT_ALLOWED.sub(" ", tag).split())[:100]
        if len(text) >= 2 and text not in cleaned:
            cleaned.append(text)
    return cleaned
