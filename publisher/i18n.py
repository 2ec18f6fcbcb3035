"""The translation catalogue, shared by the web app (through Flask-Babel) and the command line.

Messages are written in English in the code (``_()`` and ``N_()``) and translated in
``translations/<locale>/LC_MESSAGES/messages.po``; ``make`` compiles them to ``.mo``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.support import Translations

__all__ = ["LOCALES", "TRANSLATIONS_DIR", "gettext_for", "locale_from_environment"]

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
LOCALES = ("vi", "en")
"""Vietnamese first: it is the default wherever nothing says otherwise."""


@cache
def gettext_for(locale: str) -> Callable[[str], str]:
    """English msgids need no catalogue: a missing one falls back to the text as written."""
    return Translations.load(str(TRANSLATIONS_DIR), [locale]).gettext


def locale_from_environment() -> str:
    """``OPENDATA_LANG``, else the language of ``LANG``/``LC_ALL`` when it is one we have, else Vietnamese."""
    for variable in ("OPENDATA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        code = value.split("_")[0].split(".")[0].lower()
        if code in LOCALES:
            return code
        if variable == "OPENDATA_LANG" and value:
            break
    return LOCALES[0]
