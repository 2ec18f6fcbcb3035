"""The ``opendata`` command line: set up, load the demo, serve, validate and package files.

Messages follow ``OPENDATA_LANG`` (or the terminal's language), Vietnamese by default.
Exit status: 0 done (or data valid), 1 data invalid or file unreadable, 2 wrong usage.
"""

from __future__ import annotations

import json
import sys
import tempfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table as RichTable

from datapackages.errors import FileRejected
from datapackages.names import safe_filename, slugify
from datapackages.package import PackageMetadata, PackageResource, build_package
from datapackages.schema import load_schema

from . import messages
from .actor import Actor
from .demo import demo_accounts, load_demo
from .errors import PublisherError
from .i18n import gettext_for, locale_from_environment
from .models import utcnow
from .pipeline.prepare import CheckedFile, check_file
from .queries.agencies import agency_list
from .reference import load_reference
from .platform import Platform
from .services import agencies, tokens, users
from .settings import load_settings

__all__ = ["main"]

console = Console(highlight=False)
errors_console = Console(stderr=True, highlight=False)


def _(text: str) -> str:
    return gettext_for(locale_from_environment())(text)


def _platform() -> Platform:
    return Platform.from_settings(load_settings())


def _fail(error: FileRejected | PublisherError) -> None:
    errors_console.print(f"[red]✗[/red] {messages.error_message(error.code, error.params, _)}")
    if isinstance(error, PublisherError) and hasattr(error, "field_errors"):
        for field, code in error.field_errors.items():  # type: ignore[attr-defined]
            errors_console.print(f"  {field}: {messages.field_error(code, _)}")


@click.group(help="Publish open data: repair, validate, package and serve it.")
def main() -> None:
    pass


@main.command()
def init() -> None:
    """Create or migrate the database and the storage folder."""
    platform = _platform()
    platform.db.migrate()
    console.print(_("Database ready: %(url)s") % {"url": platform.db.engine.url.render_as_string(hide_password=True)})
    console.print(_("Storage ready: %(url)s") % {"url": platform.settings.storage_url})


@main.command()
@click.option("--if-empty", is_flag=True, help="Do nothing (but list the accounts) when data is already there.")
def demo(if_empty: bool) -> None:
    """Load demo agencies, accounts and datasets into an empty database."""
    platform = _platform()
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
    """Run the web site and API."""
    import waitress

    settings = load_settings()
    platform = Platform.from_settings(settings)
    if platform.db.is_empty():
        errors_console.print(_("The database is not set up: run `opendata init` first."))
        sys.exit(1)
    factory = _app_factory()
    app = factory(platform=platform)
    host = host or settings.host
    port = port or settings.port
    console.print(_("Serving on http://%(host)s:%(port)s (Ctrl+C to stop)") % {"host": host, "port": port})
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=settings.threads,
        ident="opendata",
        max_request_body_size=settings.max_upload_bytes + 2 * 1024 * 1024,
        clear_untrusted_proxy_headers=True,
    )


def _app_factory() -> Any:
    """The WSGI app is found through the ``opendata.apps`` entry point, so this layer never imports the web layer."""
    (entry,) = [entry for entry in entry_points(group="opendata.apps") if entry.name == "web"]
    return entry.load()


@main.command()
@click.argument("username")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--days", type=int, default=365, show_default=True, help="Days until the token expires.")
def token(username: str, scope: str, days: int) -> None:
    """Issue an API token for USERNAME and print it once (on the last line)."""
    try:
        issued = tokens.token_issue(_platform(), Actor.system(), username=username, scope=scope, days=days)
    except PublisherError as error:
        _fail(error)
        sys.exit(1)
    console.print(_("Token for %(username)s (scope %(scope)s, valid %(days)s days). It is shown only now:")
                  % {"username": username, "scope": scope, "days": days})
    click.echo(issued)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--schema", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A Table Schema (JSON) to check against.")
@click.option("--json", "as_json", is_flag=True, help="Print the report in frictionless's JSON format.")
@click.option("--limit-errors", type=int, default=None, help="Stop after this many errors (0: no limit).")
def validate(file: Path, schema: Path | None, as_json: bool, limit_errors: int | None) -> None:
    """Repair and validate FILE (CSV, TSV, Excel, OpenDocument) and print the repair log and the
    report; rows are numbered as in FILE. Exit status 1 when invalid."""
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
                _fail(error)
            sys.exit(1)
    if as_json:
        click.echo(json.dumps(checked.report, ensure_ascii=False, indent=2))
    else:
        _print_checked(checked)
    sys.exit(0 if checked.report["valid"] else 1)


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
        console.print("[red]✗[/red] " + _("%(place)s: %(errors)s errors in %(rows)s rows.")
                      % {"place": task["place"], "errors": task["stats"]["errors"], "rows": rows})
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
        for warning in task["warnings"]:
            console.print(f"[yellow]![/yellow] {warning}")


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
            _fail(error)
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


@main.group(name="users")
def users_group() -> None:
    """Manage accounts."""


@users_group.command(name="add")
@click.argument("username")
@click.option("--display-name")
@click.option("--email")
@click.option("--admin", is_flag=True, help="A platform administrator.")
@click.option("--auditor", is_flag=True, help="Reads everything, changes nothing.")
@click.password_option(help="The password (asked when not given).")
def users_add(username: str, display_name: str | None, email: str | None, admin: bool, auditor: bool, password: str) -> None:
    """Create an account."""
    try:
        users.user_create(_platform(), Actor.system(), username=username, password=password,
                          display_name=display_name, email=email, is_admin=admin, is_auditor=auditor)
    except PublisherError as error:
        _fail(error)
        sys.exit(1)
    console.print(_("Account %(username)s created.") % {"username": username})


@users_group.command(name="grant")
@click.argument("username")
@click.argument("agency")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor", show_default=True)
def users_grant(username: str, agency: str, role: str) -> None:
    """Give USERNAME a role in AGENCY (a slug)."""
    try:
        users.membership_set(_platform(), Actor.system(), username=username, agency=agency, role=role)
    except PublisherError as error:
        _fail(error)
        sys.exit(1)
    console.print(_("%(username)s is now %(role)s of %(agency)s.") % {"username": username, "role": role, "agency": agency})


@main.group(name="agencies")
def agencies_group() -> None:
    """Manage agencies."""


@agencies_group.command(name="add")
@click.argument("name")
@click.option("--level", type=click.Choice(["ministry", "province", "commune", "other"]), required=True)
@click.option("--code", help="National administrative code (provinces and communes).")
@click.option("--parent", help="Slug of the agency above it.")
@click.option("--slug", help="Address of the agency (default: from the name).")
def agencies_add(name: str, level: str, code: str | None, parent: str | None, slug: str | None) -> None:
    """Create an agency and print its slug."""
    try:
        created = agencies.agency_create(_platform(), Actor.system(), name=name, level=level, code=code, parent=parent, slug=slug)
    except PublisherError as error:
        _fail(error)
        sys.exit(1)
    click.echo(created.slug)
