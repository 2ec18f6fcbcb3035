"""Every message template renders with its parameters: a broken template would show raw codes."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from publisher import messages

TEMPLATES = {**messages.ERRORS, **messages.FIELD_ERRORS, **messages.NOTES, **messages.CONSTRAINTS,
             **{f"harvest:{code}": template for code, template in messages.HARVEST_ERRORS.items()}}
_PARAMETER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_each_template_formats_with_its_parameters(code: str) -> None:
    template = TEMPLATES[code]
    rendered = template % defaultdict(lambda: "X", {name: "X" for name in _PARAMETER.findall(template)})
    assert "%(" not in rendered


def test_every_repair_note_the_repair_can_write_has_a_message() -> None:
    import inspect

    from datapackages.normalise import columns, excel, text, tidy
    from datapackages import names

    written = set()
    for module in (columns, excel, text, tidy, names):
        written.update(re.findall(r'\(\s*"([a-z]+(?:-[a-z]+)+)",\s*\{', inspect.getsource(module)))
    written.update(tidy._REASON_NOTES.values())
    assert written - set(messages.NOTES) == set()


def test_every_code_a_harvester_can_raise_has_a_message() -> None:
    """Run and item errors (harvesters.errors and every source type) read as sentences; the
    field codes of a source's settings (check_config and each type's InvalidConfig) too."""
    import inspect

    import harvesters
    from harvesters import base, ckan, datajson, dcat, downloads, errors, files, http, registry, rest, spool, sql, tables

    raised, fields = set(), set()
    for module in (ckan, datajson, dcat, downloads, files, http, registry, rest, spool, sql, tables):
        source = inspect.getsource(module)
        raised.update(re.findall(r'(?:SourceUnreachable|UnreadableResponse|UnsafeTarget|SkipItem|RegistryError)\(\s*"([a-z-]+)"', source))
        fields.update(re.findall(r'InvalidConfig\(\{[^}]*?:\s*"([a-z-]+)"', source))
    raised.add("too-large")  # spool.too_large
    fields.update(base._CODES.values())
    assert raised and fields and harvesters
    assert raised - set(messages.HARVEST_ERRORS) == set()
    assert fields - set(messages.FIELD_ERRORS) == set()
    assert errors.InvalidConfig({}).code in messages.HARVEST_ERRORS


def test_a_harvest_message_reads_its_parameters() -> None:
    text = messages.harvest_message("invalid-config", {"fields": {"options.organization": "not-found"}}, str)
    assert "options.organization: Nothing by this name was found at the source." in text
    assert messages.harvest_message("no-supported-file", {"formats": ["csv"], "found": ["pdf"]}, str) == \
        "No file in a supported format (csv); found: pdf."
    assert messages.harvest_message("something-new", {}, str) == "The harvest failed (something-new)."
    assert messages.label("skipped", str, "item") == "Skipped" and messages.label("skipped", str) == "Left out as you asked"
