"""Evidence as sentences, in the reader's language: every code a built-in check emits.

Evidence travels as a code plus parameters (stored as such); it becomes a sentence only here, at
the edge, through whichever ``gettext`` the caller has. Lists are shown briefly; the full
parameters stay in the JSON and in the exports' evidence column.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..messages import N_

__all__ = ["EVIDENCE", "FIELDS", "describe"]

EVIDENCE: dict[str, str] = {
    "check-failed": N_("The check could not run (%(error)s); it does not count."),
    "no-errors": N_("Version %(version)s validates with no errors (%(rows)s rows)."),
    "validation-errors": N_("Version %(version)s has %(errors)s validation errors in %(rows)s rows."),
    "schema-declared": N_("The agency supplied the Table Schema."),
    "schema-shared": N_("Uses the shared schema %(schema)s."),
    "schema-inferred": N_("The schema was only inferred from the data."),
    "codes-invalid": N_("%(invalid)s of %(checked)s administrative codes are not in force, e.g. %(examples)s."),
    "codes-valid": N_("All %(checked)s administrative codes are in force."),
    "no-code-columns": N_("No column holds province or commune codes."),
    "metadata-missing": N_("Missing: %(missing)s (of %(fields)s fields)."),
    "metadata-complete": N_("All %(fields)s metadata fields are filled."),
    "values-missing": N_("%(empty)s of %(cells)s values are empty; emptiest columns: %(emptiest)s."),
    "values-filled": N_("All %(cells)s values are filled."),
    "columns-undescribed": N_("Of %(columns)s columns, %(untitled_count)s have no title and %(undescribed_count)s no description."),
    "columns-described": N_("All %(columns)s columns are titled and described."),
    "no-facts": N_("This version was published before data facts were recorded; publish it again to score this."),
    "duplicate-rows": N_("%(count)s of %(rows)s rows repeat an earlier row, e.g. %(examples)s."),
    "no-duplicate-rows": N_("No duplicate rows."),
    "duplicate-keys": N_("%(count)s of %(rows)s rows repeat a key, e.g. %(examples)s."),
    "no-duplicate-keys": N_("No duplicate keys."),
    "no-primary-key": N_("The schema has no primary key."),
    "blank-rows": N_("%(count)s blank rows, e.g. %(examples)s."),
    "no-blank-rows": N_("No blank rows."),
    "totals-rows": N_("%(count)s totals or notes rows left, e.g. %(examples)s."),
    "no-totals-rows": N_("No totals or notes rows."),
    "header-rows": N_("Header rows per table in the source: %(tables)s."),
    "one-header-row": N_("One header row."),
    "utf8": N_("UTF-8 (%(format)s)."),
    "not-utf8": N_("The source file is not UTF-8 (%(format)s)."),
    "mixed-types": N_("%(count)s of %(total)s columns mix numbers and text: %(columns)s."),
    "one-type": N_("Every column holds one type."),
    "updated-on-time": N_("Last updated %(last_update)s, %(age_days)s days ago (allowed: %(allowed_days)s)."),
    "update-late": N_("Last updated %(last_update)s, %(age_days)s days ago: later than the %(allowed_days)s days allowed."),
    "source-health": N_("The harvest source's last run: %(health)s."),
    "no-source": N_("Not harvested from a source."),
    "downloads-served": N_("Served at %(datapackage)s and %(zip)s."),
    "downloads-missing": N_("No package is served at %(datapackage)s."),
    "shared-schema-used": N_("Uses the shared schema %(schema)s."),
    "shared-schema-available": N_("The registry has a shared schema for this topic (%(schemas)s), not used."),
    "no-shared-schema": N_("The registry has no shared schema for this topic."),
    "dates-as-text": N_("Dates written as text (dd/mm/yyyy) in: %(columns)s."),
    "iso-dates": N_("All %(columns)s date columns are ISO 8601 dates."),
    "no-dates": N_("No date columns."),
    "dcat-missing": N_("DCAT-AP properties missing: %(missing)s."),
    "dcat-complete": N_("Every mandatory DCAT-AP property is present."),
    "licence-open": N_("%(licence)s is an open licence."),
    "licence-not-open": N_("%(licence)s is not an open licence."),
    "format-stars": N_("%(stars)s stars: %(formats)s."),
    "package-served": N_("A Data Package at %(url)s."),
    "package-missing": N_("No Data Package at %(url)s."),
    "public": N_("Public at %(url)s."),
    "withdrawn": N_("The dataset is withdrawn."),
    "personal-resolved": N_("The personal-data guard flagged %(columns)s columns; each was dropped, masked, hashed or kept with a reason before publishing."),
    "personal-none": N_("The personal-data guard found no personal data in this version."),
    "personal-not-scanned": N_("This version was published before the personal-data guard."),
    "datasets-published": N_("%(published)s of %(datasets)s datasets are published."),
    "no-datasets": N_("The agency has no datasets."),
    "inventory-kept": N_("%(planned)s datasets planned in the open data inventory."),
    "no-inventory": N_("The agency keeps no open data inventory."),
    "inventory-on-time": N_("All %(due)s items due were published on time."),
    "inventory-late": N_("%(count)s of %(due)s items due were not published on time: %(late)s."),
    "nothing-due": N_("No inventory item is due yet."),
}


FIELDS: dict[str, str] = {
    "title": N_("title"),
    "description": N_("a description of 100 characters or more"),
    "licence": N_("licence"),
    "publisher": N_("publisher"),
    "keywords": N_("keywords"),
    "frequency": N_("update frequency"),
    "contact_point": N_("contact point"),
    "themes": N_("themes"),
    "spatial": N_("places covered"),
    "temporal": N_("period covered"),
}
"""The metadata fields ``complete.metadata`` names in its evidence."""


def describe(evidence: Mapping[str, Any], gettext: Callable[[str], str]) -> str:
    template = EVIDENCE.get(str(evidence.get("code")))
    if template is None:  # a third-party check's code: show it plainly
        return ", ".join(f"{key}={value}" for key, value in evidence.items())
    if evidence.get("code") == "metadata-missing":
        evidence = {**evidence, "missing": [gettext(FIELDS[name]) if name in FIELDS else name for name in evidence.get("missing", [])]}
    params = {key: _brief(value, gettext) for key, value in evidence.items()}
    try:
        return gettext(template) % _Params(params)
    except (TypeError, ValueError):
        return gettext(template)


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _brief(value: Any, gettext: Callable[[str], str]) -> Any:
    if isinstance(value, list):
        shown = [_item(item, gettext) for item in value[:10]]
        return ", ".join(shown) + (" …" if len(value) > 10 else "")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return value


def _item(item: Any, gettext: Callable[[str], str]) -> str:
    if isinstance(item, dict):
        row = gettext(N_("row %(row)s")) % {"row": item["row"]} if "row" in item else ""
        if "due" in item and "title" in item:
            return gettext(N_("%(title)s (due %(due)s)")) % item
        detail = item.get("value") or item.get("label") or item.get("field") or ""
        return " ".join(part for part in (row, f"“{detail}”" if detail and row else str(detail)) if part)
    return str(item)
