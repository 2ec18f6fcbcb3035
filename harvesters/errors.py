"""Why a harvester could not do what it was asked.

    HarvestError                  base: a kebab-case ``code`` and ``params``
     ├── InvalidConfig            the source's settings are wrong; ``field_errors`` maps field → code
     │                            → the source cannot be saved, or its run fails until someone fixes it
     ├── SourceUnreachable        no usable answer from the source now: network, timeout, HTTP error
     │                            → the run (from discover) or the item (from fetch) fails; retried next run
     ├── UnreadableResponse       the source answered with something unusable: too large, malformed
     │                            JSON/RDF/CSV, not the shape its type promises → failed, not transient
     ├── UnsafeTarget             the safety rules refused an address: a host not on the allow-list, a
     │                            private or loopback address, a scheme other than http(s), a folder
     │                            outside the allowed roots → failed; only a configuration change helps
     ├── SkipItem                 this item is deliberately not harvested (e.g. it has no file in a
     │                            supported format) → skipped, which is not a failure
     └── RegistryError            the deployment's harvester set is broken: two plugins with one name, an
                                  enabled name that no plugin has → fail at start-up, loudly

Each exception maps to exactly one outcome, so the runner never parses messages. Invalid *data*
is not an exception here: the pipeline reports it. Messages are rendered from ``code`` and
``params`` in the user's language at the edge.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "HarvestError",
    "InvalidConfig",
    "RegistryError",
    "SkipItem",
    "SourceUnreachable",
    "UnreadableResponse",
    "UnsafeTarget",
]


class HarvestError(Exception):
    """Base of every harvester error; ``code`` names the reason, ``params`` fill its message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code} ({details})" if details else self.code


class InvalidConfig(HarvestError):
    """The source's configuration is wrong. ``field_errors`` maps ``url`` or ``options.<name>`` to a code."""

    def __init__(self, field_errors: Mapping[str, str], **params: object) -> None:
        super().__init__("invalid-config", **params)
        self.field_errors = dict(field_errors)

    def __str__(self) -> str:
        return f"{self.code} {self.field_errors}"


class SourceUnreachable(HarvestError):
    """The source could not be read now; a later run may succeed."""


class UnreadableResponse(HarvestError):
    """The source answered, but not with something this harvester can use."""


class UnsafeTarget(HarvestError):
    """An address or path was refused by the deployment's safety rules; nothing was sent to it."""


class SkipItem(HarvestError):
    """The item is left out on purpose; the runner records it as skipped with this code."""


class RegistryError(HarvestError):
    """The installed or enabled harvesters do not form a usable set."""
