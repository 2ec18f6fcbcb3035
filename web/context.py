"""What a view needs from the request context: the platform and the acting user."""

from __future__ import annotations

from flask import current_app, g

from publisher.actor import Actor
from publisher.platform import Platform

__all__ = ["actor", "platform"]


def platform() -> Platform:
    return current_app.extensions["opendata"]  # type: ignore[no-any-return]


def actor() -> Actor:
    return g.actor  # type: ignore[no-any-return]
