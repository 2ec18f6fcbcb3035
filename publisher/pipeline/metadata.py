"""A remote item's metadata in the platform's terms: licence ids of ``config/licences.toml``,
and update frequencies of ``config/frequencies.toml``.

Sources name licences their own way (CKAN's ``cc-by``, a DCAT licence URL, a data.json URL):
each licence lists its ``aliases``. An empty licence takes the platform's default (the first
listed); a licence named but not recognised becomes ``other-closed``, never a guess at an open one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harvesters.base import RemoteItem

from ..reference import Reference

__all__ = ["MappedMetadata", "map_frequency", "map_licence", "map_metadata"]

UNRECOGNISED_LICENCE = "other-closed"
_UNSPECIFIED = {"", "notspecified", "not-specified", "none", "unknown"}
_ISO_PERIODS = {"P1D": "DAILY", "P1W": "WEEKLY", "P7D": "WEEKLY", "P1M": "MONTHLY", "P3M": "QUARTERLY",
                "P6M": "BIANNUAL", "P1Y": "ANNUAL", "P12M": "ANNUAL"}
_WORDS = {"daily": "DAILY", "hằng ngày": "DAILY", "weekly": "WEEKLY", "hằng tuần": "WEEKLY", "monthly": "MONTHLY",
          "hằng tháng": "MONTHLY", "quarterly": "QUARTERLY", "hằng quý": "QUARTERLY", "annual": "ANNUAL",
          "annually": "ANNUAL", "yearly": "ANNUAL", "hằng năm": "ANNUAL", "irregular": "IRREG"}
MAX_TITLE = 300


@dataclass(frozen=True)
class MappedMetadata:
    title: str
    description: str
    licence: str
    frequency: str


def _plain(text: str) -> str:
    text = text.strip().lower().rstrip("/")
    return re.sub(r"^https?://(www\.)?", "", text)


def map_licence(reference: Reference, text: str) -> str:
    """The platform's licence id for a source's licence id, URL or name."""
    wanted = _plain(text)
    if wanted in _UNSPECIFIED:
        return next(iter(reference.licences))
    for licence in reference.licences.values():
        names = {licence.id.lower(), *(_plain(alias) for alias in licence.aliases)}
        if licence.url:
            names.add(_plain(licence.url))
        if wanted in names:
            return licence.id
    return UNRECOGNISED_LICENCE


def map_frequency(reference: Reference, item: RemoteItem) -> str:
    """The update frequency a source states in its extras (DCAT accrualPeriodicity, ISO 8601, words)."""
    for key, value in item.extras.items():
        if "accrual" not in key.lower() and "frequency" not in key.lower() and "tần suất" not in key.lower():
            continue
        text = value.strip()
        last = text.rstrip("/").rsplit("/", 1)[-1].upper()
        if last in reference.frequencies:
            return last
        period = text.upper().removeprefix("R/")
        if period in _ISO_PERIODS:
            return _ISO_PERIODS[period]
        if text.lower() in _WORDS:
            return _WORDS[text.lower()]
    return "IRREG"


def map_metadata(reference: Reference, item: RemoteItem) -> MappedMetadata:
    """Title, description, licence and frequency (tags are cleaned by the dataset services, as uploads' are)."""
    title = " ".join(item.title.split())[:MAX_TITLE] or item.remote_id[:MAX_TITLE]
    return MappedMetadata(title, item.description.strip(), map_licence(reference, item.licence),
                          map_frequency(reference, item))
