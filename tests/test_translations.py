"""Every message the code and templates can show is translated to Vietnamese, and none is fuzzy.
English is the source language of the messages, so it is complete by construction."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from publisher.i18n import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parent.parent


def extracted(tmp_path: Path):  # type: ignore[no-untyped-def]
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_",
         "--no-location", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as stream:
        return read_po(stream)


def test_the_vietnamese_catalogue_translates_every_message(tmp_path: Path) -> None:
    with open(TRANSLATIONS_DIR / "vi" / "LC_MESSAGES" / "messages.po", "rb") as stream:
        vietnamese = read_po(stream)
    missing = []
    for message in extracted(tmp_path):
        if not message.id:
            continue
        translated = vietnamese.get(message.id)
        strings = translated.string if translated else None
        if not translated or not strings or (isinstance(strings, tuple) and not all(strings)) or translated.fuzzy:
            missing.append(message.id)
    assert missing == [], "run `make translations` and translate these in publisher/translations/vi"


def test_translations_keep_every_placeholder() -> None:
    import re

    placeholder = re.compile(r"%\(\w+\)s")
    with open(TRANSLATIONS_DIR / "vi" / "LC_MESSAGES" / "messages.po", "rb") as stream:
        vietnamese = read_po(stream)
    for message in vietnamese:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert set(placeholder.findall(source)) == set(placeholder.findall(target)), source
