"""`opendata push-ckan`: push published datasets to the national CKAN, with progress and a summary."""

from __future__ import annotations

import sys

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from .. import messages
from ..actor import Actor
from ..errors import PublisherError
from ..services import pushes
from .common import _, console, errors_console, fail, main, open_platform

__all__ = ["push_ckan"]


@main.command(name="push-ckan")
@click.option("--dataset", "slugs", multiple=True, metavar="SLUG", help="Push only this dataset (repeatable).")
def push_ckan(slugs: tuple[str, ...]) -> None:
    """Push published datasets to OPENDATA_CKAN_URL (withdrawn ones are deleted there); what did not
    change since the last push is not sent. Exit status 1 when a dataset failed."""
    platform = open_platform()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    try:
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task(platform.settings.ckan_url or "CKAN", total=None)

            def advance(slug: str, outcome: str) -> None:
                progress.update(task, advance=1, description=f"{slug}: {messages.label(outcome, _, 'push')}")

            summary = pushes.push_ckan(platform, Actor.system(), slugs=list(slugs) or None, progress=advance)
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    finally:
        platform.close()
    counts = ", ".join(f"{messages.label(outcome, _, 'push')}: {count}" for outcome, count in sorted(summary.counts.items()))
    mark = "[red]✗[/red]" if summary.failures else "[green]✓[/green]"
    console.print(f"{mark} {summary.target}: {counts or '0'} ({summary.seconds:.1f} s)")
    for failure in summary.failures:
        errors_console.print(f"  ✗ {failure.slug}: {messages.error_message(failure.code, {'detail': failure.detail}, _)}")
    sys.exit(1 if summary.failures else 0)
