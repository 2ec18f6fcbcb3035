"""The processes of a scaled-out platform (docs/scale-out.md): `opendata worker`, which runs jobs,
and `opendata scheduler`, the one process that starts scheduled harvests when the web app runs
under gunicorn rather than `opendata serve`."""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import click

from .. import jobs
from ..scheduler import HarvestScheduler
from ..worker import run_worker
from .common import _, console, errors_console, main, open_platform

__all__ = ["scheduler", "worker"]


@main.command()
@click.option("--concurrency", type=click.IntRange(min=1), default=2, show_default=True,
              help="Jobs this worker runs at the same time.")
@click.option("--loglevel", default="INFO", show_default=True, help="DEBUG, INFO, WARNING or ERROR.")
def worker(concurrency: int, loglevel: str) -> None:
    """Run jobs (harvests, and what the site hands off) taken from the broker: OPENDATA_BROKER_URL."""
    platform = open_platform()
    if platform.broker is None:
        errors_console.print(_("OPENDATA_BROKER_URL is not set: without a broker, jobs run inside `opendata serve` "
                               "and no worker is needed."))
        sys.exit(2)
    if platform.db.is_empty():
        errors_console.print(_("The database is not set up: run `opendata init` first."))
        sys.exit(1)
    run_worker(platform, concurrency=concurrency, loglevel=loglevel)


@main.command()
def scheduler() -> None:
    """Start harvests on schedule, without the web site: with a broker it only puts them on the queue."""
    platform = open_platform()
    if platform.db.is_empty():
        errors_console.print(_("The database is not set up: run `opendata init` first."))
        sys.exit(1)
    jobs.install(platform)
    harvests = HarvestScheduler(platform)
    harvests.start()
    stop = threading.Event()

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    console.print(_("Scheduling harvests (Ctrl+C to stop)"))
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        harvests.shutdown()
        platform.close()
