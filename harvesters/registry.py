"""Find the harvesters installed in the ``opendata.harvesters`` entry-point group, and choose the enabled ones.

Built-ins are registered in our own ``pyproject.toml`` exactly like a third party's plugin, so
an agency network can add a source type by installing a package. A deployment enables types
with glob patterns (``("*",)`` by default; ``("ckan", "dcat")`` for a catalogue-only site). The
group is read once per process. A broken set fails loudly at start-up, never at the first
harvest: two plugins claiming one name, a pattern that enables nothing, a plugin that does not
load or is not a ``Harvester`` named like its entry point.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from fnmatch import fnmatchcase
from importlib.metadata import EntryPoint, entry_points

from .base import Harvester
from .errors import InvalidConfig, RegistryError

__all__ = ["GROUP", "Registry"]

GROUP = "opendata.harvesters"


@functools.cache
def _installed() -> tuple[EntryPoint, ...]:
    return tuple(entry_points(group=GROUP))


class Registry:
    """The enabled harvester classes by name."""

    def __init__(self, harvesters: dict[str, type[Harvester]]) -> None:
        self._harvesters = dict(sorted(harvesters.items()))

    @classmethod
    def load(cls, enabled: Sequence[str] = ("*",), installed: Iterable[EntryPoint] | None = None) -> Registry:
        """Load the harvesters matching ``enabled`` from ``installed`` (the entry-point group by default)."""
        found: dict[str, EntryPoint] = {}
        for entry_point in _installed() if installed is None else installed:
            if entry_point.name in found and found[entry_point.name].value != entry_point.value:
                raise RegistryError("duplicate-harvester", name=entry_point.name,
                                    plugins=[found[entry_point.name].value, entry_point.value])
            found[entry_point.name] = entry_point
        for pattern in enabled:
            if not any(fnmatchcase(name, pattern) for name in found):
                raise RegistryError("unknown-harvester", name=pattern, installed=sorted(found))
        return cls({name: _load(entry_point) for name, entry_point in found.items()
                    if any(fnmatchcase(name, pattern) for pattern in enabled)})

    def get(self, name: str) -> type[Harvester]:
        """The harvester for a source type; an unknown or disabled type is the source's config error."""
        try:
            return self._harvesters[name]
        except KeyError:
            raise InvalidConfig({"type": "unknown-source-type"}, type=name, available=self.names()) from None

    def names(self) -> list[str]:
        return list(self._harvesters)

    def __iter__(self) -> Iterator[type[Harvester]]:
        return iter(self._harvesters.values())


def _load(entry_point: EntryPoint) -> type[Harvester]:
    try:
        loaded = entry_point.load()
    except (ImportError, AttributeError) as error:
        raise RegistryError("broken-harvester", name=entry_point.name, reason=str(error)) from error
    if not (isinstance(loaded, type) and issubclass(loaded, Harvester)) or getattr(loaded, "name", None) != entry_point.name:
        raise RegistryError("broken-harvester", name=entry_point.name, reason="not a Harvester of that name")
    return loaded
