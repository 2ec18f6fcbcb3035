"""Why a use case refused to act.

    PublisherError
     ├── NotFound          no such thing, or not visible to this actor
     ├── NotAuthorized     the actor may not do this (not signed in, wrong agency, read-only token)
     ├── InvalidInput      the request's fields are wrong; ``field_errors`` maps field → code
     ├── Conflict          the request clashes with the current state (a slug taken, a draft already published)
     ├── Gone              it existed and was withdrawn on purpose (a harvested dataset gone from its source)
     └── Unavailable       a part the platform needs does not answer now (the job queue); try again later

File problems come from ``datapackages.errors`` (``UnreadableFile``, ``UnsafeFile``) and pass
through unchanged. Each error has a kebab-case ``code`` and ``params``; messages are rendered in
the user's language at the edge.
"""

from __future__ import annotations

__all__ = ["Conflict", "Gone", "InvalidInput", "NotAuthorized", "NotFound", "PublisherError", "Unavailable"]


class PublisherError(Exception):
    default_code = "error"

    def __init__(self, code: str | None = None, **params: object) -> None:
        self.code = code or self.default_code
        self.params = params
        super().__init__(self.code, params)


class NotFound(PublisherError):
    default_code = "not-found"


class NotAuthorized(PublisherError):
    default_code = "not-authorized"


class Conflict(PublisherError):
    default_code = "conflict"


class Gone(PublisherError):
    default_code = "gone"


class Unavailable(PublisherError):
    default_code = "unavailable"


class InvalidInput(PublisherError):
    default_code = "invalid-input"

    def __init__(self, field_errors: dict[str, str], **params: object) -> None:
        super().__init__(self.default_code, **params)
        self.field_errors = field_errors
