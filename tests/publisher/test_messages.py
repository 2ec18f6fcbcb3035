"""Every message template renders with its parameters: a broken template would show raw codes."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from publisher import messages

TEMPLATES = {**messages.ERRORS, **messages.FIELD_ERRORS, **messages.NOTES, **messages.CONSTRAINTS}
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
