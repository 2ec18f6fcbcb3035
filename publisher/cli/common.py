"""What every command shares: the consoles, messages in the user's language, the platform, errors."""

from __future__ import annotations

import click
from rich.console import Console

from datapackages.errors import FileRejected

from .. import messages
from ..errors import PublisherError
from ..i18n import gettext_for, locale_from_environment
from ..platform import Platform
from ..settings import load_settings

__all__ = ["_", "console", "errors_console", "fail", "main", "open_platform"]

console = Console(highlight=False)
errors_console = Console(stderr=True, highlight=False)


def _(text: str) -> str:
    return gettext_for(locale_from_environment())(text)


def open_platform() -> Platform:
    return Platform.from_settings(load_settings())


def fail(error: FileRejected | PublisherError) -> None:
    errors_console.print(f"[red]✗[/red] {messages.error_message(error.code, error.params, _)}")
    if isinstance(error, PublisherError) and hasattr(error, "field_errors"):
        for field, code in error.field_errors.items():  # type: ignore[attr-defined]
            errors_console.print(f"  {field}: {messages.field_error(code, _)}")


@click.group(help="Publish open data: repair, validate, package and serve it.")
def main() -> None:
    pass
