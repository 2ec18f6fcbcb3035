"""Harvest sources from the command line: `opendata sources add|list` and `opendata harvest [SOURCE]`."""

from __future__ import annotations

import sys
import threading

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from .. import messages
from ..actor import Actor
from ..errors import PublisherError
from ..platform import Platform
from ..queries import sources as source_queries
from ..queries.views import SourceSummary
from ..services import sources
from ..services.harvests import RunRef
from .common import _, console, errors_console, fail, main, open_platform

__all__ = ["harvest", "sources_group"]


@main.group(name="sources")
def sources_group() -> None:
    """Manage harvest sources."""


@sources_group.command(name="add")
@click.option("--agency", required=True, help="The agency's slug.")
@click.option("--type", "kind", required=True, help="ckan, dcat, datajson, sql, rest or files.")
@click.option("--url", required=True, help="The source's address (a site, a catalogue, a database URL, a folder).")
@click.option("--name", help="Its name within the agency (default: from the type and host).")
@click.option("--option", "options", multiple=True, metavar="KEY=VALUE",
              help="An option of the source type (repeatable); a JSON value (a list, a number) is read as such.")
@click.option("--schedule", help='Cron ("0 2 * * *") or interval ("every 6h"); "" for by hand only. '
                                 "Default: the harvest_default_schedule setting.")
def sources_add(agency: str, kind: str, url: str, name: str | None, options: tuple[str, ...], schedule: str | None) -> None:
    """Register a harvest source and print its name."""
    try:
        created = sources.source_create(open_platform(), Actor.system(), agency=agency, type=kind, url=url, name=name,
                                        options=sources.parse_options(options), schedule=schedule)
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    click.echo(created.name)


@sources_group.command(name="list")
def sources_list() -> None:
    """List every source with its health, last and next run."""
    rows = [(f"{item.agency_slug}/{item.name}", item.type, item.schedule if item.enabled else _("paused"),
             messages.label(item.health, _, "health"), _when(item.last_run_at), _when(item.next_run_at))
            for item in source_queries.source_list(open_platform(), Actor.system())]
    if not console.is_terminal:  # piped: one line per source, easy to grep
        for row in rows:
            click.echo("\t".join(row))
        return
    table = RichTable()
    for column in (_("Source"), _("Type"), _("Schedule"), _("Health"), _("Last run"), _("Next run")):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    console.print(table)


@main.command()
@click.argument("source", required=False)
@click.option("--max-items", type=int, help="Fetch at most this many items (nothing is withdrawn then).")
def harvest(source: str | None, max_items: int | None) -> None:
    """Harvest SOURCE (a name, agency/name or id) now, or every enabled source; print a summary per
    run. Exit status 1 when a run failed or left items failed."""
    platform = open_platform()
    try:
        chosen = [source_queries.source_find(platform, Actor.system(), source)] if source else \
            [item for item in source_queries.source_list(platform, Actor.system()) if item.enabled]
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    failed = False
    for item in chosen:
        try:
            run = _run_with_progress(platform, item, max_items)
        except PublisherError as error:
            fail(error)
            failed = True
            continue
        failed = _summary(platform, item, run) or failed
    sys.exit(1 if failed else 0)


def _run_with_progress(platform: Platform, item: SourceSummary, max_items: int | None) -> RunRef:
    """The run in a thread; the bar follows the items it records (the run's counts so far)."""
    outcome: dict[str, RunRef | PublisherError] = {}

    def work() -> None:
        try:
            outcome["run"] = sources.harvest_run(platform, Actor.system(), source_id=item.id, trigger="cli",
                                                 max_items=max_items)
        except PublisherError as error:
            outcome["error"] = error

    thread = threading.Thread(target=work, name=f"harvest-{item.id}")
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} items"),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"{item.agency_slug}/{item.name}", total=None)
        thread.start()
        while thread.is_alive():
            thread.join(0.5)
            runs = source_queries.source_runs(platform, Actor.system(), item.id, limit=1)
            if runs:
                progress.update(task, completed=sum(runs[0].counts.values()))
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["run"]  # type: ignore[return-value]


def _summary(platform: Platform, item: SourceSummary, run: RunRef) -> bool:
    """Print how a run ended; True when it failed or left items failed."""
    counts = ", ".join(f"{messages.label(status, _, 'item')}: {count}" for status, count in sorted(run.counts.items()))
    mark = {"succeeded": "[green]✓[/green]", "partial": "[yellow]![/yellow]"}.get(run.status, "[red]✗[/red]")
    console.print(f"{mark} {item.agency_slug}/{item.name}: {messages.label(run.status, _, 'run')}"
                  + (f" ({counts})" if counts else ""))
    if run.error_code:
        errors_console.print(f"  {messages.harvest_message(run.error_code, run.error_params, _)}")
    detail = source_queries.run_detail(platform, Actor.system(), item.id, run.id, status="failed")
    for failure in detail.items:
        message = messages.harvest_message(failure.error_code or "internal-error", failure.error_params, _)
        errors_console.print(f"  ✗ {failure.title or failure.remote_id}: {message}")
    return run.status not in ("succeeded",)


def _when(value: object) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "—"  # type: ignore[attr-defined]
