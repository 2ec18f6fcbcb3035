"""dùng chung / shared: open licence, open format, package and API, no login, no personal data."""

from __future__ import annotations

from ..base import Context, DatasetSnapshot, Outcome, evidence

__all__ = ["NoLogin", "OpenFormat", "OpenLicence", "PackageApi", "PersonalData"]

STARS = {"csv": 3, "json": 3, "xlsx": 2, "xlsm": 2, "xls": 2, "ods": 3}
"""Five-star open data levels of source formats (Excel is proprietary: 2; CSV is open: 3)."""


class OpenLicence:
    id = "shared.open-licence"
    principle = "shared"
    applies_to = "dataset"
    codes = ("licence-open", "licence-not-open")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        licence = context.reference.licences.get(subject.licence)
        if licence and licence.open:
            return Outcome(1.0, evidence("licence-open", licence=subject.licence))
        return Outcome(0.0, evidence("licence-not-open", licence=subject.licence))


class OpenFormat:
    id = "shared.open-format"
    principle = "shared"
    applies_to = "dataset"
    codes = ("format-stars",)

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        # Every published version is packaged as CSV, so a table is offered at level 3 at least.
        formats = sorted({subject.source_format, "csv"} if subject.packaged else {subject.source_format})
        stars = max(STARS.get(name, 1) for name in formats)
        return Outcome(min(1.0, stars / 3), evidence("format-stars", stars=stars, formats=formats))


class PackageApi:
    id = "shared.package-api"
    principle = "shared"
    applies_to = "dataset"
    codes = ("package-served", "package-missing")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        url = f"/api/v1/datasets/{subject.slug}/datapackage.json"
        return Outcome(1.0 if subject.packaged else 0.0, evidence("package-served" if subject.packaged else "package-missing", url=url))


class NoLogin:
    id = "shared.no-login"
    principle = "shared"
    applies_to = "dataset"
    codes = ("public", "withdrawn")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        if subject.withdrawn:
            return Outcome(0.0, evidence("withdrawn"))
        return Outcome(1.0, evidence("public", url=f"/datasets/{subject.slug}"))


class PersonalData:
    """Reads ``DatasetVersion.personal``, the personal-data guard's record of the version.

    A version is published only once every flagged column has a decision, so the check gives full
    marks to a version whose flagged columns were handled, and shows how many as evidence. It does
    not apply when the guard found nothing (there was nothing to handle) nor to versions published
    before the guard existed (no record), so neither moves the score."""

    id = "shared.personal-data"
    principle = "shared"
    applies_to = "dataset"
    codes = ("personal-resolved", "personal-none", "personal-not-scanned")

    def run(self, subject: DatasetSnapshot, context: Context) -> Outcome:
        summary = subject.personal
        if not summary or "findings" not in summary:
            return Outcome(None, evidence("personal-not-scanned"))
        columns = {finding.get("field") for finding in summary.get("findings") or []}
        if not columns:
            return Outcome(None, evidence("personal-none"))
        return Outcome(1.0, evidence("personal-resolved", columns=len(columns)))
