"""Set up and serve: `opendata init`, `demo`, `serve` (the site, the API and the harvest scheduler)."""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from typing import Any

import click
from rich.table import Table as RichTable

from .. import jobs, messages
from ..actor import Actor
from ..demo import demo_accounts, load_demo
from ..platform import Platform
from ..queries.agencies import agency_list
from ..scheduler import HarvestScheduler
from ..settings import load_settings
from .common import _, console, errors_console, main, open_platform

__all__ = ["demo", "init", "serve"]


@main.command()
def init() -> None:
    """Create or migrate the database and the storage folder."""
    platform = open_platform()
    platform.db.migrate()
    console.print(_("Database ready: %(url)s") % {"url": platform.db.engine.url.render_as_string(hide_password=True)})
    console.print(_("Storage ready: %(url)s") % {"url": platform.settings.storage_url})


@main.command()
@click.option("--if-empty", is_flag=True, help="Do nothing (but list the accounts) when data is already there.")
def demo(if_empty: bool) -> None:
    """Load demo agencies, accounts and datasets into an empty database."""
    platform = open_platform()
    platform.db.migrate()
    if _has_data(platform):
        if not if_empty:
            errors_console.print(_("The database already holds data: the demo is loaded only into an empty one."))
            sys.exit(1)
        console.print(_("The database already holds data; the demo was not loaded again."))
    else:
        with console.status(_("Loading the demo…")):
            count = load_demo(platform)
        console.print(_("Demo loaded: %(count)s datasets.") % {"count": count})
    _print_accounts()


def _has_data(platform: Platform) -> bool:
    return bool(agency_list(platform, Actor.system()))


def _print_accounts() -> None:
    table = RichTable(title=_("Demo accounts"))
    for column in (_("Username"), _("Password"), _("Role")):
        table.add_column(column)
    for account in demo_accounts():
        table.add_row(account.username, account.password, messages.label(account.role, _))
    console.print(table)


@main.command()
@click.option("--host", help="Address to listen on (default OPENDATA_HOST or 127.0.0.1).")
@click.option("--port", type=int, help="Port to listen on (default OPENDATA_PORT or 5000).")
def serve(host: str | None, port: int | None) -> None:
    """Run the web site and API, and harvest every enabled source on its schedule."""
    import waitress

    settings = load_settings()
    platform = Platform.from_settings(settings)
    if platform.db.is_empty():
        errors_console.print(_("The database is not set up: run `opendata init` first."))
        sys.exit(1)
    jobs.install(platform)
    scheduler = HarvestScheduler(platform)
    scheduler.start()
    factory = _app_factory()
    app = factory(platform=platform)
    host = host or settings.host
    port = port or settings.port
    console.print(_("Serving on http://%(host)s:%(port)s (Ctrl+C to stop)") % {"host": host, "port": port})
    try:
        waitress.serve(
            app,
            host=host,
            port=port,
            threads=settings.threads,
            ident="opendata",
            max_request_body_size=settings.max_upload_bytes + 2 * 1024 * 1024,
            clear_untrusted_proxy_headers=True,
        )
    finally:
        scheduler.shutdown()


def _app_factory() -> Any:
    """The WSGI app is found through the ``opendata.apps`` entry point, so this layer never imports the web layer."""
    (entry,) = [entry for entry in entry_points(group="opendata.apps") if entry.name == "web"]
    return entry.load()
