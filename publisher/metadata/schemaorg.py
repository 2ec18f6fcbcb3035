"""schema.org ``Dataset`` for a dataset's page, with what Google Dataset Search requires and recommends.

Google asks for a description of 50 to 5,000 characters: a short one is completed with facts the
page states anyway (publisher, frequency, tables, rows), a long one cut at a word.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .records import PublishedDataset

__all__ = ["dataset"]

MIN_DESCRIPTION = 50
MAX_DESCRIPTION = 5000


def dataset(record: PublishedDataset) -> dict[str, Any]:
    agency = record.agency
    organisation: dict[str, Any] = {"@type": "Organization", "name": agency.name, "url": agency.url}
    if agency.email:
        organisation["email"] = agency.email
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": record.title,
        "description": _description(record),
        "url": record.url,
        "identifier": record.url,
        "inLanguage": "vi",
        "version": str(record.version),
        "keywords": list(record.tags),
        "isAccessibleForFree": True,
        "creator": organisation,
        "publisher": organisation,
        "datePublished": _date(record.issued),
        "dateModified": _date(record.modified),
        "distribution": [
            {"@type": "DataDownload", "name": item.title, "encodingFormat": item.media_type, "contentUrl": item.url,
             "contentSize": f"{item.bytes} B"}
            for item in record.files
        ],
    }
    if record.licence_url:
        data["license"] = record.licence_url
    if record.temporal_start or record.temporal_end:
        start = record.temporal_start.isoformat() if record.temporal_start else ".."
        end = record.temporal_end.isoformat() if record.temporal_end else ".."
        data["temporalCoverage"] = f"{start}/{end}"
    if record.spatial:
        data["spatialCoverage"] = [
            {"@type": "Place", "name": unit.name or unit.code,
             "identifier": {"@type": "PropertyValue", "propertyID": "vn-administrative-unit", "value": unit.code}}
            for unit in record.spatial
        ]
    elif record.agency.level == "ministry":
        data["spatialCoverage"] = {"@type": "Country", "name": "Việt Nam", "identifier": "VN"}
    columns = [field.get("title") or field["name"] for table in record.tables for field in (table.schema or {}).get("fields", [])]
    if columns:
        data["variableMeasured"] = columns
    return data


def _description(record: PublishedDataset) -> str:
    text = " ".join(record.description.split())
    if len(text) < MIN_DESCRIPTION:
        rows = sum(table.rows or 0 for table in record.tables)
        facts = f"{record.title}. Dữ liệu mở do {record.agency.name} công bố: {len(record.tables)} bảng, {rows} dòng."
        text = f"{text} {facts}".strip() if text and text != record.title else facts
    if len(text) > MAX_DESCRIPTION:
        text = text[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"
    return text


def _date(value: dt.datetime) -> str:
    return value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
