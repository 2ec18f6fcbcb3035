"""`opendata score`: recompute compliance for everything, then show it or export it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..compliance.rubric import PRINCIPLES, load_rubric
from ..errors import NotFound, PublisherError
from ..i18n import locale_from_environment
from ..queries import compliance as queries
from ..queries.compliance_export import compliance_csv, compliance_xlsx
from ..services.compliance import compliance_recompute
from .common import _, console, errors_console, fail, main, open_platform


@main.command()
@click.option("--agency", help="Only this agency (its slug).")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file (required for xlsx).")
def score(agency: str | None, output: str, out: Path | None) -> None:
    """Recompute compliance scores for every dataset and agency, then show or export them."""
    if output == "xlsx" and out is None:
        raise click.UsageError(_("--format xlsx needs --out FILE"))
    platform = open_platform()
    locale = locale_from_environment()
    try:
        run = compliance_recompute(platform)
        if output == "table":
            _table(platform, agency, locale)
        elif output == "json":
            _write(json.dumps(queries.compliance_report(platform, agency=agency), ensure_ascii=False, indent=2), out)
        elif output == "csv":
            _write(compliance_csv(platform, gettext=_, locale=locale, agency=agency), out)
        else:
            assert out is not None
            if agency is not None:
                queries.compliance_report(platform, agency=agency)  # an unknown agency is an error, not an empty file
            compliance_xlsx(platform, out, gettext=_, locale=locale, agency=agency)
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    finally:
        platform.close()
    errors_console.print(_("Scored %(datasets)s datasets and %(agencies)s agencies with rubric %(version)s.")
                         % {"datasets": run.datasets, "agencies": run.agencies, "version": run.rubric_version})


def _table(platform, agency: str | None, locale: str) -> None:  # type: ignore[no-untyped-def]
    rubric = load_rubric()
    bands = {band.id: band.title[locale] for band in rubric.bands}
    rows = queries.league(platform)
    if agency is not None:
        rows = [row for row in rows if row["slug"] == agency]
        if not rows:
            raise NotFound("agency-not-found", slug=agency)
    table = Table(title=_("Compliance (rubric %(version)s)") % {"version": rubric.version})
    for header in (_("Agency"), _("Score"), _("Band"), *[rubric.principles[name]["title"][locale] for name in PRINCIPLES], _("Datasets")):
        table.add_column(header)
    for row in rows:
        table.add_row(row["name"], _number(row["score"]), bands.get(row["band"] or "", "—"),
                      *[_number(row["principle_scores"].get(name)) for name in PRINCIPLES], str(row["datasets"]))
    # A table wider than a pipe's default 80 columns rather than names broken over lines.
    (console if console.is_terminal else Console(highlight=False, width=200)).print(table)


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _write(text: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.write_text(text, encoding="utf-8")
