"""Our read models in CKAN's shapes (as CKAN 2.10–2.12's package_show and organization_show answer).

What has no CKAN field travels in ``extras``: the themes, covered units and period (under
ckanext-dcat's keys where it has them), the update frequency, validity and error count of the
current version, its number of rows, its original format, the agency's level, and the Data Package.
The contact point is CKAN's maintainer.
Resources are the current version's tables as CSV, then its ``datapackage.json`` and zip, each at
its immutable versioned address, with the content hash.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

from flask import url_for

from publisher.queries.catalogue import OrganisationView, PackageView

from ..context import platform
from ..i18n import locale

__all__ = ["ckan_time", "licence_title", "organisation", "package", "tag_name"]

_TAG_FORBIDDEN = re.compile(r"[^\w \-.]+")


def ckan_time(moment: dt.datetime) -> str:
    """CKAN's timestamps: UTC, ISO 8601, without a zone."""
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat()


def tag_name(tag: str) -> str | None:
    """A tag as CKAN accepts one (letters of any script, digits, space, - _ .; 2 to 100 long), or None."""
    name = re.sub(r"\s+", " ", _TAG_FORBIDDEN.sub(" ", tag)).strip()[:100].strip()
    return name if len(name) >= 2 else None


def licence_title(licence_id: str) -> str:
    licence = platform().reference.licences.get(licence_id)
    return licence.title.get(locale(), licence_id) if licence else licence_id


def organisation(item: OrganisationView, *, counts: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": item.id,
        "name": item.slug,
        "title": item.name,
        "display_name": item.name,
        "type": "organization",
        "description": item.description,
        "image_url": "",
        "image_display_url": "",
        "created": ckan_time(item.created_at),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }
    if counts:
        body.update(package_count=item.package_count, num_followers=0)
    return body


def package(item: PackageView) -> dict[str, Any]:
    licence = platform().reference.licences.get(item.licence)
    tags = [name for name in dict.fromkeys(tag_name(tag) for tag in item.tags) if name]
    resources = _resources(item)
    org = item.organisation
    return {
        "id": item.id,
        "name": item.slug,
        "title": item.title,
        "notes": item.description,
        "url": url_for("site.dataset", slug=item.slug, _external=True),
        "version": str(item.version),
        "author": org.name,
        "author_email": None,
        "maintainer": item.contact_name or org.name,
        "maintainer_email": item.contact_email or org.email,
        "license_id": item.licence,
        "license_title": licence_title(item.licence),
        "license_url": licence.url if licence and licence.url else None,
        "isopen": bool(licence and licence.open),
        "metadata_created": ckan_time(item.created_at),
        "metadata_modified": ckan_time(item.updated_at),
        "state": "active",
        "type": "dataset",
        "private": False,
        "creator_user_id": None,
        "owner_org": org.id,
        "organization": organisation(org, counts=False),
        "num_resources": len(resources),
        "num_tags": len(tags),
        "tags": [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"opendata:tag:{name}")), "name": name, "display_name": name,
                  "state": "active", "vocabulary_id": None} for name in tags],
        "groups": [],
        "relationships_as_subject": [],
        "relationships_as_object": [],
        "extras": [{"key": key, "value": value} for key, value in _extras(item).items()],
        "resources": resources,
    }


def _extras(item: PackageView) -> dict[str, str]:
    described = {
        "theme": json.dumps(item.themes) if item.themes else "",
        "spatial_codes": ",".join(item.spatial),
        "temporal_start": item.temporal_start.isoformat() if item.temporal_start else "",
        "temporal_end": item.temporal_end.isoformat() if item.temporal_end else "",
    }
    return {
        **{key: value for key, value in described.items() if value},
        "frequency": item.frequency,
        "valid": "true" if item.valid else "false",
        "validation_errors": str(item.error_count),
        "rows": str(sum(int(resource.get("rows") or 0) for resource in item.resources)),
        "original_format": item.source_format.upper(),
        "published": ckan_time(item.published_at),
        "agency_level": item.organisation.level,
        "datapackage": url_for("api_v1.version_descriptor", slug=item.slug, number=item.version, _external=True),
    }


def _resources(item: PackageView) -> list[dict[str, Any]]:
    published = ckan_time(item.published_at)
    files = [
        (resource.get("title") or resource["name"], resource.get("description") or "", "CSV", "text/csv",
         url_for("api_v1.version_data", slug=item.slug, number=item.version, filename=resource["path"].removeprefix("data/"),
                 _external=True), resource.get("bytes"), resource.get("sha256") or "")
        for resource in item.resources
    ]
    files.append(("datapackage.json", "Frictionless Data Package", "JSON", "application/json",
                  url_for("api_v1.version_descriptor", slug=item.slug, number=item.version, _external=True), None, ""))
    files.append((f"{item.slug}-v{item.version}.zip", "Frictionless Data Package (zip)", "ZIP", "application/zip",
                  url_for("api_v1.version_zip", slug=item.slug, number=item.version, _external=True), None, ""))
    return [
        {
            "id": str(uuid.uuid5(uuid.UUID(item.id), f"{item.version}:{url}")),
            "package_id": item.id,
            "name": name,
            "description": description,
            "format": file_format,
            "mimetype": mimetype,
            "mimetype_inner": None,
            "url": url,
            "url_type": None,
            "resource_type": None,
            "size": size,
            "hash": sha256,
            "position": position,
            "created": published,
            "last_modified": published,
            "metadata_modified": published,
            "cache_url": None,
            "cache_last_updated": None,
            "state": "active",
            "datastore_active": False,
        }
        for position, (name, description, file_format, mimetype, url, size, sha256) in enumerate(files)
    ]
