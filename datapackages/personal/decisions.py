"""Carry out what the officer decided for each flagged column, and keep the table valid.

    apply_decisions(csv, schema, {field: Decision}, out_csv, salt) → the schema of out_csv

Per column:

    drop               the column is removed from the data and from the schema
    mask-last-digits   only the last ``digits`` characters stay ('******6789'); the field becomes a string
    hash               a salted SHA-256 (see ``masking.hash_value``); the field becomes a string and
                       keeps its ``unique``/``required`` constraints and foreign keys, so joins still work
    keep               confirmed not personal (an agency hotline, a published official's name): passes
                       through unchanged, and the reason is required so that the audit log can show it

The new schema drops what no longer holds: ``format`` and value constraints of changed fields, and
primary and foreign keys that use a dropped or masked field (masking can make two values equal).
Missing-value cells stay as they are. One streaming pass; memory stays flat.

A decision that cannot be carried out raises ``InvalidDecision`` with a code, before anything is written.
"""

from __future__ import annotations

import copy
import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .masking import MIN_SALT_BYTES, hash_value, mask_last_digits

__all__ = ["ACTIONS", "MAX_KEPT_DIGITS", "Decision", "InvalidDecision", "apply_decisions"]

DROP, MASK, HASH, KEEP = "drop", "mask-last-digits", "hash", "keep"
ACTIONS = (DROP, MASK, HASH, KEEP)
MAX_KEPT_DIGITS = 4
"""Keeping more of a 9- or 12-digit identity number would no longer hide it."""
_KEPT_CONSTRAINTS = {HASH: ("required", "unique"), MASK: ("required",)}


class InvalidDecision(ValueError):
    """A decision that cannot be carried out; ``code`` names why, ``params`` fill the message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Decision:
    action: str
    """One of ``ACTIONS``."""
    digits: int = 4
    """For mask-last-digits: how many trailing characters stay visible (at most ``MAX_KEPT_DIGITS``)."""
    reason: str = ""
    """For keep: why the column is not personal (required)."""


def apply_decisions(
    path: Path,
    schema: dict[str, Any],
    decisions: Mapping[str, Decision],
    out_path: Path,
    salt: str | bytes | None = None,
) -> dict[str, Any]:
    """Write ``out_path`` from ``path`` with every decision applied; return its Table Schema."""
    missing = set(schema.get("missingValues", [""]))
    with open(path, encoding="utf-8", newline="") as source:
        reader = csv.reader(source)
        header = next(reader, [])
        _check(schema, header, decisions, salt)
        actions = [decisions.get(name, Decision(KEEP, reason="not flagged")) for name in header]
        kept = [index for index, decision in enumerate(actions) if decision.action != DROP]
        with open(out_path, "w", encoding="utf-8", newline="") as target:
            writer = csv.writer(target, lineterminator="\r\n")
            writer.writerow([header[index] for index in kept])
            for row in reader:
                writer.writerow([_apply(actions[index], row[index] if index < len(row) else "", missing, salt) for index in kept])
    return _new_schema(schema, decisions)


def _apply(decision: Decision, value: str, missing: set[str], salt: str | bytes | None) -> str:
    if decision.action == KEEP or value in missing:
        return value
    if decision.action == MASK:
        return mask_last_digits(value, decision.digits)
    return hash_value(value, salt or b"")  # a salt was checked before anything was written


def _check(schema: dict[str, Any], header: list[str], decisions: Mapping[str, Decision], salt: str | bytes | None) -> None:
    names = [spec["name"] for spec in schema.get("fields", [])]
    for name, decision in decisions.items():
        if name not in names or name not in header:
            raise InvalidDecision("unknown-field", field=name)
        if decision.action not in ACTIONS:
            raise InvalidDecision("unknown-action", field=name, action=decision.action)
        if decision.action == KEEP and not decision.reason.strip():
            raise InvalidDecision("keep-needs-reason", field=name)
        if decision.action == MASK and not 0 <= decision.digits <= MAX_KEPT_DIGITS:
            raise InvalidDecision("too-many-digits-kept", field=name, digits=decision.digits, limit=MAX_KEPT_DIGITS)
        if decision.action == HASH:
            key = salt.encode("utf-8") if isinstance(salt, str) else salt
            if key is None or len(key) < MIN_SALT_BYTES:
                raise InvalidDecision("salt-too-short", field=name, minimum=MIN_SALT_BYTES)
    if all(decisions.get(name, Decision(KEEP, reason="-")).action == DROP for name in names):
        raise InvalidDecision("nothing-left")


def _new_schema(schema: dict[str, Any], decisions: Mapping[str, Decision]) -> dict[str, Any]:
    result = copy.deepcopy(schema)
    action = {name: decision.action for name, decision in decisions.items()}
    fields = []
    for spec in result.get("fields", []):
        done = action.get(spec["name"], KEEP)
        if done == DROP:
            continue
        if done in (MASK, HASH):
            spec["type"] = "string"
            spec.pop("format", None)
            constraints = {key: value for key, value in spec.get("constraints", {}).items() if key in _KEPT_CONSTRAINTS[done]}
            if constraints:
                spec["constraints"] = constraints
            else:
                spec.pop("constraints", None)
        fields.append(spec)
    result["fields"] = fields
    broken = {name for name, done in action.items() if done in (DROP, MASK)}
    key = result.get("primaryKey")
    if key and broken & set([key] if isinstance(key, str) else key):
        del result["primaryKey"]
    if "foreignKeys" in result:
        result["foreignKeys"] = [
            foreign for foreign in result["foreignKeys"]
            if not broken & set([foreign["fields"]] if isinstance(foreign["fields"], str) else foreign["fields"])
        ]
        if not result["foreignKeys"]:
            del result["foreignKeys"]
    return result
