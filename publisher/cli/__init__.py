"""The ``opendata`` command line: set up, serve, validate and package files, manage people, agencies
and harvest sources. One module per noun; each registers its commands on ``main``.

Messages follow ``OPENDATA_LANG`` (or the terminal's language), Vietnamese by default.
Exit status: 0 done (or data valid), 1 data invalid, file unreadable or a harvest failed, 2 wrong usage.
"""

from __future__ import annotations

from . import accounts, files, harvest, processes, push, score, site  # noqa: F401 - each registers its commands on main
from .common import main

__all__ = ["main"]
