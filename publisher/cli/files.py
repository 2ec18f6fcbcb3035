"""Work on files without the database: `opendata validate` and `opendata package`."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from babel.numbers import format_decimal
from rich.table import Table as RichTable

from datapackages.errors import FileRejected
from datapackages.names import safe_filename, slugify
from datapackages.package import PackageMetadata, PackageResource, build_package
from datapackages.schema import load_schema
from datapackages.validate import ErrorGrid, error_counts

from .. import messages
from ..models import utcnow
from ..pipeline.personal import undecided
from ..pipeline.prepare import CheckedFile, check_file
from ..i18n import locale_from_environment
from ..reference import load_reference
from ..settings import load_settings
from .common import _, console, fail, main

__all__ = ["package", "validate"]


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A Table Schema (JSON) to check against.")
@click.option("--json", "as_json", is_flag=True, help="Print the report in frictionless's JSON format.")
@click.option("--limit-errors", type=int, default=None, help="Stop after this many errors (0: no limit).")
@click.option("--decided", "decided", multiple=True, metavar="COLUMN",
              help="A column of personal data already decided on for the dataset (repeatable): still listed, not failing.")
def validate(file: Path, schema: Path | None, as_json: bool, limit_errors: int | None, decided: tuple[str, ...]) -> None:
    """Repair and validate FILE (CSV, TSV, Excel, OpenDocument) and print the repair log, the
    report and any personal data found; rows are numbered as in FILE. Exit status 1 when invalid,
    or when a column holds personal data no one has decided on (the platform would not publish
    it either; pass --decided COLUMN for those decided on the dataset's page)."""
    settings = load_settings()
    limit = settings.limit_errors if limit_errors is None else limit_errors
    with tempfile.TemporaryDirectory(prefix="opendata-validate-") as work:
        try:
            declared = load_schema(schema) if schema else None
            checked = check_file(
                file, Path(work), filename=file.name, schema=declared, limits=settings.limits, limit_errors=limit,
                place_names=load_reference().former_province_names(),
            )
        except FileRejected as error:
            if as_json:
                click.echo(json.dumps(_rejection_report(file, error), ensure_ascii=False, indent=2))
            else:
                fail(error)
            sys.exit(1)
    waiting = undecided(checked.personal, set(decided))
    if as_json:
        click.echo(json.dumps({**checked.report, "personal": {**checked.personal, "undecided": waiting}},
                              ensure_ascii=False, indent=2))
    else:
        _print_checked(checked)
        _print_personal(checked.personal, waiting)
    sys.exit(0 if checked.report["valid"] and not waiting else 1)


def _print_personal(record: dict[str, Any], waiting: list[str]) -> None:
    """Findings with masked examples only; hidden sheets in kinds and counts."""
    for finding in record["findings"]:
        examples = ", ".join(finding["examples"])
        console.print(("[red]✗[/red] " if finding["field"] in waiting else "[yellow]![/yellow] ") + _(
            "Personal data: column %(column)s “%(title)s” holds %(kind)s in %(cells)s of %(rows)s rows (for example %(examples)s)."
        ) % {"column": finding["column"], "title": finding["title"], "kind": messages.label(finding["kind"], _, "personal"),
             "cells": finding["cells"], "rows": finding["rows"], "examples": examples or "-"}, highlight=False, markup=True)
    for sheet in record["hidden"]:
        held = ", ".join(f"{messages.label(item['kind'], _, 'personal')} ({item['cells']})" for item in sheet["kinds"])
        console.print("[cyan]•[/cyan] " + _("The hidden sheet “%(sheet)s” is never published.") % {"sheet": sheet["sheet"]}
                      + (" " + _("It holds:") + " " + held if held else ""), highlight=False)
    if waiting:
        console.print(_("Decide on these columns on the draft's page, or by API, before publishing: %(columns)s")
                      % {"columns": ", ".join(waiting)}, highlight=False)


def _rejection_report(file: Path, error: FileRejected) -> dict[str, Any]:
    """A file that cannot be read, in frictionless's report shape (as it reports unreadable sources)."""
    message = messages.error_message(error.code, error.params, _)
    return {
        "valid": False,
        "stats": {"tasks": 1, "errors": 1, "warnings": 0, "seconds": 0},
        "warnings": [],
        "errors": [],
        "tasks": [
            {
                "name": slugify(file.stem) or "file",
                "type": "file",
                "valid": False,
                "place": file.name,
                "labels": [],
                "stats": {"errors": 1, "warnings": 0, "seconds": 0},
                "warnings": [],
                "errors": [
                    {"type": "source-error", "title": "Source Error", "description": "The data source could not be read.",
                     "message": message, "tags": [], "note": error.code}
                ],
            }
        ],
    }


def _print_checked(checked: CheckedFile) -> None:
    for note in checked.notes:
        console.print(f"[cyan]•[/cyan] {messages.describe_note(note.to_dict(), _)}")
    for table, task in zip(checked.tables, checked.report["tasks"]):
        fields = table.schema.get("fields", [])
        rows = table.rows
        if task["valid"]:
            console.print("[green]✓[/green] " + _("%(place)s: valid, %(rows)s rows, %(fields)s columns.")
                          % {"place": task["place"], "rows": rows, "fields": len(fields)})
            continue
        grid = ErrorGrid.from_counts(error_counts({"tasks": [task]}), fields)
        console.print("[red]✗[/red] " + _("%(place)s: %(errors)s errors in %(rows)s rows.")
                      % {"place": task["place"], "errors": _count(grid.total), "rows": rows})
        explained = [messages.explain(error, fields, _) for error in task["errors"]]
        if console.is_terminal:
            grid = RichTable(show_lines=False)
            for column in (_("Row"), _("Column"), _("Value"), _("What is wrong"), _("How to fix it")):
                grid.add_column(column)
            for item in explained:
                column_text = f"{item.column}. {item.field}" if item.column else (item.field or "")
                row = table.source_row(item.row) if item.row else ""
                grid.add_row(str(row), column_text, item.cell or "", item.what, item.fix)
            console.print(grid)
        else:  # piped or logged: one line per problem, easy to grep
            for item in explained:
                row = table.source_row(item.row) if item.row else "-"
                where = _("Row %(row)s, column %(column)s “%(field)s”") % {"row": row, "column": item.column or "-", "field": item.field or ""}
                click.echo(f"{where}: {item.what} {item.fix}")
        _print_grid(grid)
        for warning in task["warnings"]:
            console.print(f"[yellow]![/yellow] {warning}")


def _print_grid(grid: ErrorGrid) -> None:
    """Every error of the table by column and type, even where the list above stops at the limit."""
    whole_row = _("Whole row")
    if console.is_terminal:
        table = RichTable(title=_("Error types × columns"))
        table.add_column(_("Column"))
        for kind in grid.types:
            table.add_column(messages.label(kind, _, "error"), justify="right")
        table.add_column(_("Total"), justify="right")
        for column, kinds, total in grid.rows:
            table.add_row(column or whole_row, *(_count(kinds[kind]) if kinds.get(kind) else "" for kind in grid.types), _count(total))
        table.add_row(_("Total"), *(_count(grid.totals[kind]) for kind in grid.types), _count(grid.total), style="bold")
        console.print(table)
        return
    click.echo(_("Error types × columns") + ":")
    for column, kinds, total in grid.rows:
        parts = ", ".join(f"{messages.label(kind, _, 'error')} {_count(kinds[kind])}" for kind in grid.types if kinds.get(kind))
        click.echo(f"  {column or whole_row}: {parts} ({_('Total').lower()} {_count(total)})")
    totals = ", ".join(f"{messages.label(kind, _, 'error')} {_count(grid.totals[kind])}" for kind in grid.types)
    click.echo(f"  {_('Total')}: {totals} ({_count(grid.total)})")


def _count(number: int) -> str:
    """A count as the reader writes it: 96.143 in Vietnamese, 96,143 in English."""
    return format_decimal(number, locale=locale_from_environment())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A Table Schema for every file.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Where to write the zip.")
@click.option("--name", help="The package name (default: from the output file name).")
@click.option("--title", help="The package title.")
def package(files: tuple[Path, ...], schema: Path | None, out: Path, name: str | None, title: str | None) -> None:
    """Repair, validate and package FILES into a Data Package zip. Exit status 1 when the data is invalid."""
    settings = load_settings()
    package_name = slugify(name or out.stem.removesuffix(".datapackage")) or "datapackage"
    with tempfile.TemporaryDirectory(prefix="opendata-package-") as work:
        workdir = Path(work)
        resources: list[PackageResource] = []
        valid = True
        try:
            declared = load_schema(schema) if schema else None
            for index, file in enumerate(files):
                taken = {resource.name for resource in resources}
                resource_name = slugify(file.stem) or f"table-{index + 1}"
                while resource_name in taken:
                    resource_name += "-2"
                checked = check_file(
                    file, workdir / f"t{index}", filename=file.name, name=resource_name, schema=declared,
                    limits=settings.limits, limit_errors=settings.limit_errors,
                    place_names=load_reference().former_province_names(),
                )
                _print_checked(checked)
                valid = valid and bool(checked.report["valid"])
                resources.extend(
                    PackageResource(table.name, table.path, table.schema, table.title, table.description)
                    for table in checked.tables
                )
        except FileRejected as error:
            fail(error)
            sys.exit(1)
        metadata = PackageMetadata(
            name=package_name,
            title=title or safe_filename(out.stem),
            version="1.0.0",
            created=utcnow().replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        )
        built = build_package(resources, metadata, workdir / "package")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(built.zip_path.read_bytes())
    console.print(_("Data Package written to %(path)s") % {"path": out})
    sys.exit(0 if valid else 1)
