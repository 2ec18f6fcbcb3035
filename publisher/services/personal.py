"""Personal data: an officer decides what becomes of each flagged column, once per dataset.

    personal_decide(platform, actor, dataset=…, draft_id=…, column=…, decision=…)   one column
    versions.dataset_decisions(session, dataset_id) → {column: Decision}            what uploads and harvests apply

A decision is taken on a draft (where the column was found) and kept for the dataset: later
uploads and harvests apply it without asking, and a harvest stops only at a column no one has
decided on (``services.harvests``). Every decision is in the audit log with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from datapackages.personal import ACTIONS, MAX_KEPT_DIGITS

from .. import audit, permissions
from ..actor import Actor
from ..errors import InvalidInput
from ..models import PersonalDecision, utcnow
from ..pipeline.personal import flagged_columns
from ..platform import Platform
from .versions import _draft, dataset_decisions

__all__ = ["MAX_REASON", "DecisionRef", "personal_decide"]

MAX_REASON = 1000


@dataclass(frozen=True)
class DecisionRef:
    dataset: str
    column: str
    decision: str
    digits: int
    reason: str
    undecided: list[str]
    """Flagged columns of the draft still waiting for a decision: publishing waits for none."""


def personal_decide(
    platform: Platform,
    actor: Actor,
    *,
    dataset: str,
    draft_id: int,
    column: str,
    decision: str,
    digits: int = 4,
    reason: str = "",
) -> DecisionRef:
    """Decide what to publish of a column the guard flagged on a draft: ``drop`` it, ``mask-last-digits``
    (keep ``digits`` trailing characters), ``hash`` it (salted: joins still work), or ``keep`` it
    with a ``reason`` (an agency's public hotline). Replaces an earlier decision on the column."""
    permissions.writer(actor)
    reason = " ".join(reason.split())
    errors = {}
    if decision not in ACTIONS:
        errors["decision"] = "unknown-personal-decision"
    if decision == "keep" and not reason:
        errors["reason"] = "keep-needs-reason"
    if len(reason) > MAX_REASON:
        errors["reason"] = "too-long"
    if decision == "mask-last-digits" and not 0 <= digits <= MAX_KEPT_DIGITS:
        errors["digits"] = "too-many-digits-kept"
    with platform.db.write() as session:
        dataset_row, draft, _agency = _draft(session, dataset, draft_id, actor)
        permissions.personal_decide(actor, dataset_row.agency_id)
        flagged = flagged_columns(draft.personal)
        if column not in flagged:
            errors["column"] = "not-a-flagged-column"
        if errors:
            raise InvalidInput(errors, column=column, limit=MAX_KEPT_DIGITS)
        row = session.scalar(select(PersonalDecision).where(PersonalDecision.dataset_id == dataset_row.id,
                                                            PersonalDecision.column == column))
        if row is None:
            row = PersonalDecision(dataset_id=dataset_row.id, column=column)
            session.add(row)
        kept_digits = digits if decision == "mask-last-digits" else 4
        row.decision, row.digits, row.reason = decision, kept_digits, reason
        row.by_id, row.by_name, row.at = actor.user_id, actor.username, utcnow()
        kinds = sorted({finding["kind"] for finding in draft.personal.get("findings", []) if finding["field"] == column})
        audit.record(session, actor, "personal-decide", "dataset", dataset, draft=draft_id, column=column,
                     decision=decision, digits=kept_digits if decision == "mask-last-digits" else None, reason=reason, kinds=kinds)
        session.flush()
        decided = set(dataset_decisions(session, dataset_row.id))
    return DecisionRef(dataset, column, decision, kept_digits, reason, [name for name in flagged if name not in decided])
