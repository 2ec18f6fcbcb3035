"""Why a file could not be turned into tables.

    FileRejected                 the file cannot be read as a table; nothing is published
     ├── UnreadableFile          empty, corrupt, not a spreadsheet, unknown encoding, too big
     └── UnsafeFile              built to hurt the reader: zip bomb, XML entity tricks

Invalid *data* is never an exception here: it is a validation report. An exception means
"could not do it at all". Each carries a stable kebab-case ``code`` and ``params`` so that the
edge (web page, API, command line) renders the message in the user's language.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FileRejected", "UnreadableFile", "UnsafeFile"]


class FileRejected(Exception):
    """Base of every file rejection; ``code`` names the reason, ``params`` fill its message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __reduce__(self) -> tuple[Any, ...]:
        """Picklable with its keyword parameters (rejections travel back from isolated readers)."""
        return (_rebuild, (self.__class__, self.code, self.params))

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code} ({details})" if details else self.code


def _rebuild(kind: type[FileRejected], code: str, params: dict[str, Any]) -> FileRejected:
    return kind(code, **params)


class UnreadableFile(FileRejected):
    """The bytes are not a table this platform can read."""


class UnsafeFile(FileRejected):
    """The bytes look crafted to exhaust or trick the reader."""
