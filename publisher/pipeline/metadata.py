"""A remote item's metadata in the platform's terms: licence ids of ``config/licences.toml``,
update frequencies of ``config/frequencies.toml``, themes of ``config/themes.toml``, and the
contact point and period covered wherever the source's vocabulary keeps them.

Sources name licences their own way (CKAN's ``cc-by``, a DCAT licence URL, a data.json URL):
each licence lists its ``aliases``. An empty licence takes the platform's default (the first
listed); a licence named but not recognised becomes ``other-closed``, never a guess at an open one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from harvesters.base import RemoteItem

from ..reference import Reference

__all__ = ["MappedMetadata", "map_coverage", "map_frequency", "map_licence", "map_metadata"]

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
    coverage: dict[str, object] = field(default_factory=dict)
    """Contact point, themes and period, by dataset column, only those the source states."""


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


# Where each source type keeps what has no field of its own: our DCAT and data.json harvesters'
# extras, ckanext-dcat's extras on a CKAN package, then CKAN's own maintainer and author fields.
_CONTACT_NAME = ("dcat_contact_name", "datajson_contactPoint", "contact_name", "ckan_maintainer", "ckan_author")
_CONTACT_EMAIL = ("dcat_contact_email", "datajson_contactEmail", "contact_email", "ckan_maintainer_email", "ckan_author_email")
_THEMES = ("dcat_theme", "theme", "datajson_theme")
_START = ("dcat_temporal_start", "temporal_start")
_END = ("dcat_temporal_end", "temporal_end")


def map_coverage(reference: Reference, item: RemoteItem) -> dict[str, object]:
    """The contact point, themes and period an item states; what it does not state is left out, so
    a harvest never erases what an officer added."""
    extras = item.extras
    coverage: dict[str, object] = {}
    if name := _first(extras, _CONTACT_NAME):
        coverage["contact_name"] = name
    if email := _first(extras, _CONTACT_EMAIL):
        coverage["contact_email"] = email.removeprefix("mailto:")
    words = " ".join(extras.get(key, "") for key in _THEMES)
    themes = {segment.upper() for segment in re.split(r"[\s;,\"\[\]/#]+", words)} & set(reference.themes)
    if themes:
        coverage["themes"] = [theme for theme in reference.themes if theme in themes]
    start, end = _day(_first(extras, _START)), _day(_first(extras, _END))
    if not (start or end) and "/" in (interval := extras.get("datajson_temporal", "")):
        start, end = (_day(part) for part in interval.split("/", 1))
    if start:
        coverage["temporal_start"] = start
    if end and (start is None or start <= end):
        coverage["temporal_end"] = end
    return coverage


def _first(extras: dict[str, str] | object, keys: tuple[str, ...]) -> str:
    return next((text for key in keys if (text := str(extras.get(key) or "").strip())), "")  # type: ignore[attr-defined]


def _day(text: str) -> dt.date | None:
    """The day an ISO date or date-time names ("2024-01-01", "2024-01-01T00:00:00Z")."""
    try:
        return dt.date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None


def map_metadata(reference: Reference, item: RemoteItem) -> MappedMetadata:
    """Title, description, licence, frequency and coverage (tags are cleaned by the dataset services,
    as uploads' are)."""
    title = " ".join(item.title.split())[:MAX_TITLE] or item.remote_id[:MAX_TITLE]
    return MappedMetadata(title, item.description.strip(), map_licence(reference, item.licence),
                          map_frequency(reference, item), map_coverage(reference, item))
