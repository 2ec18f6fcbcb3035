"""Append to the audit log inside the caller's transaction, so the entry and the change commit together."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .actor import Actor
from .models import AuditLog

__all__ = ["record"]


def record(session: Session, actor: Actor, action: str, target_type: str, target: str, **summary: Any) -> None:
    session.add(
        AuditLog(
            actor_id=actor.user_id,
            actor_name=actor.username,
            action=action,
            target_type=target_type,
            target=target[:200],
            address=actor.address,
            summary=summary,
        )
    )
