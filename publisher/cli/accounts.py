"""People and agencies: `opendata users`, `opendata agencies`, `opendata token`."""

from __future__ import annotations

import sys

import click

from ..actor import Actor
from ..errors import PublisherError
from ..services import agencies, tokens, users
from .common import _, console, fail, main, open_platform

__all__ = ["agencies_group", "token", "users_group"]


@main.command()
@click.argument("username")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--days", type=int, default=365, show_default=True, help="Days until the token expires.")
def token(username: str, scope: str, days: int) -> None:
    """Issue an API token for USERNAME and print it once (on the last line)."""
    try:
        issued = tokens.token_issue(open_platform(), Actor.system(), username=username, scope=scope, days=days)
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    console.print(_("Token for %(username)s (scope %(scope)s, valid %(days)s days). It is shown only now:")
                  % {"username": username, "scope": scope, "days": days})
    click.echo(issued)



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
        users.user_create(open_platform(), Actor.system(), username=username, password=password,
                          display_name=display_name, email=email, is_admin=admin, is_auditor=auditor)
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    console.print(_("Account %(username)s created.") % {"username": username})


@users_group.command(name="grant")
@click.argument("username")
@click.argument("agency")
@click.option("--role", type=click.Choice(["editor", "admin"]), default="editor", show_default=True)
def users_grant(username: str, agency: str, role: str) -> None:
    """Give USERNAME a role in AGENCY (a slug)."""
    try:
        users.membership_set(open_platform(), Actor.system(), username=username, agency=agency, role=role)
    except PublisherError as error:
        fail(error)
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
        created = agencies.agency_create(open_platform(), Actor.system(), name=name, level=level, code=code, parent=parent, slug=slug)
    except PublisherError as error:
        fail(error)
        sys.exit(1)
    click.echo(created.slug)
