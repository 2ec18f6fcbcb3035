"""Compliance exports for auditors: CSV and XLSX of every shortfall with its evidence (reads only)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from datapackages.workbook import Sheet, write_workbook

from ..compliance.evidence import describe
from ..compliance.rubric import AGENCY, PRINCIPLES, load_rubric
from ..platform import Platform
from .compliance import export_rows, league

__all__ = ["EXPORT_COLUMNS", "compliance_csv", "compliance_xlsx"]

EXPORT_COLUMNS = ("agency", "agency_name", "level", "agency_score", "band", "rubric_version", "principle", "check",
                  "check_title", "weight", "dataset", "dataset_title", "score", "evidence_text", "evidence", "fix", "link")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _flat(platform: Platform, gettext: Any, locale: str, agency: str | None, base_url: str) -> list[dict[str, Any]]:
    rows = []
    for row in export_rows(platform, agency=agency):
        link = f"{base_url}/datasets/{row['dataset']}/compliance" if row["dataset"] else f"{base_url}/agencies/{row['agency']}/compliance"
        rows.append({**row, "check_title": row["check_title"].get(locale, row["check_title"]["en"]),
                     "fix": row["fix"].get(locale, row["fix"]["en"]),
                     "evidence_text": describe(row["evidence"], gettext),
                     "evidence": json.dumps(row["evidence"], ensure_ascii=False), "link": link})
    return rows


def compliance_csv(platform: Platform, *, gettext: Any, locale: str = "vi", agency: str | None = None, base_url: str = "") -> str:
    """Every shortfall with its evidence as CSV (UTF-8 with BOM so Excel shows the diacritics).

    Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe."""
    stream = io.StringIO()
    stream.write("\ufeff")
    writer = csv.DictWriter(stream, fieldnames=EXPORT_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in _flat(platform, gettext, locale, agency, base_url):
        writer.writerow({key: _neutral(value) for key, value in row.items() if key in EXPORT_COLUMNS})
    return stream.getvalue()


def compliance_xlsx(platform: Platform, path: Path, *, gettext: Any, locale: str = "vi", agency: str | None = None,
                    base_url: str = "") -> Path:
    """A workbook for auditors: the league table, then one sheet per principle with every shortfall."""
    rubric = load_rubric()
    heads = league(platform) if agency is None else [item for item in league(platform) if item["slug"] == agency]
    summary_headers = [gettext("Agency"), gettext("Level"), gettext("Score"), gettext("Band"), gettext("Datasets"),
                       *[rubric.principles[name]["title"][locale] for name in PRINCIPLES], gettext("Rubric version"), gettext("Link")]
    bands = {band.id: band.title[locale] for band in rubric.bands}
    summary = Sheet(gettext("Summary"), summary_headers, [
        [item["name"], item["level"], item["score"], bands.get(item["band"] or "", ""), item["datasets"],
         *[item["principle_scores"].get(name) for name in PRINCIPLES], item["rubric_version"],
         f"{base_url}/agencies/{item['slug']}/compliance"]
        for item in heads
    ], link_column=len(summary_headers) - 1)
    flat = _flat(platform, gettext, locale, agency, base_url)
    headers = [gettext("Agency"), gettext("Dataset"), gettext("Check"), gettext("Weight"), gettext("Score"),
               gettext("Evidence"), gettext("How to fix"), gettext("Evidence (data)"), gettext("Link")]
    sheets = [summary]
    for principle in (*PRINCIPLES, AGENCY):
        title = rubric.principles.get(principle, {}).get("title", {}).get(locale) or gettext("Agency level")
        sheets.append(Sheet(title, headers, [
            [row["agency_name"], row["dataset_title"] or row["dataset"], row["check_title"], row["weight"], row["score"],
             row["evidence_text"], row["fix"], row["evidence"], row["link"]]
            for row in flat if row["principle"] == principle
        ], link_column=len(headers) - 1))
    return write_workbook(path, sheets)


def _neutral(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
