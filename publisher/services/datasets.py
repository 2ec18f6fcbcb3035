"""Datasets: created by an agency's editors, then filled by uploaded versions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from datapackages.names import SLUG_PATTERN, plain_text, slugify

from .. import audit, permissions, search
from ..actor import Actor
from ..compliance.engine import score_datasets
from ..errors import Conflict, InvalidInput, NotFound
from ..models import Agency, Dataset, utcnow
from ..platform import Platform
from ..reference import Reference
from ..schemas import load_schemas
from .versions import Upload, VersionOutcome, insert_draft, prepare_upload

__all__ = [
    "WITHDRAWAL_REASONS",
    "Coverage",
    "DatasetRef",
    "dataset_create",
    "dataset_update",
    "dataset_withdraw",
    "free_slug",
    "normalise_tags",
]

MAX_TITLE = 300
MAX_TAGS = 30
MAX_UNITS = 100
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True)
class Coverage:
    """What a dataset is about beyond its title: who to ask, its themes, where and when it covers.

    Every field is optional; ``None`` leaves it as it is when updating."""

    contact_name: str | None = None
    contact_email: str | None = None
    themes: Iterable[str] | str | None = None
    spatial: Iterable[str] | str | None = None
    """Unit codes or names ("24", "Bắc Ninh"), a list or a comma-separated text."""
    temporal_start: dt.date | str | None = None
    """A date or an ISO text ("2025-01-01"); an empty text clears it."""
    temporal_end: dt.date | str | None = None

    def checked(self, reference: Reference) -> tuple[dict[str, Any], dict[str, str]]:
        """The values to store, by column, and the errors, by field (the same codes as elsewhere)."""
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        if self.contact_name is not None:
            values["contact_name"] = plain_text(self.contact_name)[:200]
        if self.contact_email is not None:
            email = plain_text(self.contact_email)
            if email and (len(email) > 300 or not _EMAIL.fullmatch(email)):
                errors["contact_email"] = "invalid-email"
            values["contact_email"] = email
        if self.themes is not None:
            themes = _items(self.themes)
            unknown = [theme for theme in themes if theme not in reference.themes]
            if unknown:
                errors["themes"] = "unknown-theme"
            values["themes"] = [theme for theme in reference.themes if theme in themes]
        if self.spatial is not None:
            codes = [reference.unit_code(item) for item in _items(self.spatial)]
            if None in codes:
                errors["spatial"] = "unknown-unit"
            elif len(codes) > MAX_UNITS:
                errors["spatial"] = "too-many"
            values["spatial"] = list(dict.fromkeys(code for code in codes if code))
        for name in ("temporal_start", "temporal_end"):
            value = getattr(self, name)
            if isinstance(value, str):
                try:
                    value = dt.date.fromisoformat(value.strip()) if value.strip() else None
                except ValueError:
                    errors[name] = "invalid-date"
                    continue
            if value is not None or getattr(self, name) == "":
                values[name] = value
        start, end = values.get("temporal_start"), values.get("temporal_end")
        if start and end and start > end:
            errors["temporal_end"] = "end-before-start"
        return values, errors


def _items(value: Iterable[str] | str) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return [text for item in items if (text := " ".join(str(item).split()))]


@dataclass(frozen=True)
class DatasetRef:
    id: int
    slug: str
    title: str
    draft: VersionOutcome | None = None
    """The draft made from the file given at creation, if any."""


def dataset_create(
    platform: Platform,
    actor: Actor,
    *,
    agency: str,
    title: str,
    description: str = "",
    licence: str | None = None,
    tags: Iterable[str] | str = (),
    frequency: str = "IRREG",
    slug: str | None = None,
    coverage: Coverage = Coverage(),
    upload: Upload | None = None,
) -> DatasetRef:
    """Create a dataset for ``agency`` (a slug); a slug is made from the title when not given.

    With ``upload`` the file becomes the dataset's first draft. The file is read before anything
    is recorded, so a file that cannot be read leaves no empty dataset behind.
    """
    title = plain_text(title)
    description = plain_text(description, multiline=True)
    licence = licence or next(iter(platform.reference.licences))
    errors = {}
    if not title:
        errors["title"] = "required"
    elif len(title) > MAX_TITLE:
        errors["title"] = "too-long"
    if licence not in platform.reference.licences:
        errors["licence"] = "unknown-licence"
    if frequency not in platform.reference.frequencies:
        errors["frequency"] = "unknown-frequency"
    if slug is not None and not SLUG_PATTERN.fullmatch(slug):
        errors["slug"] = "invalid-slug"
    tag_list = normalise_tags(tags)
    if len(tag_list) > MAX_TAGS:
        errors["tags"] = "too-many"
    described, coverage_errors = coverage.checked(platform.reference)
    errors.update(coverage_errors)
    with platform.db.read() as session:
        agency_id = session.scalar(select(Agency.id).where(Agency.slug == agency))
        if agency_id is None:
            raise NotFound("agency-not-found", slug=agency)
        permissions.dataset_create(actor, agency_id)
        if errors:
            raise InvalidInput(errors)
        chosen = slug or free_slug(session, slugify(title) or "dataset")
    prepared = prepare_upload(platform, upload, name=chosen) if upload else None
    with platform.db.write() as session:
        if session.scalar(select(Dataset.id).where(Dataset.slug == chosen)) is not None:
            if slug is not None:
                raise Conflict("slug-taken", slug=slug)
            chosen = free_slug(session, chosen)  # taken meanwhile by a concurrent creation
        slug = chosen
        dataset = Dataset(
            slug=slug,
            agency_id=agency_id,
            title=title,
            description=description.strip(),
            licence=licence,
            tags=tag_list,
            frequency=frequency,
            created_by_id=actor.user_id,
            **described,
        )
        session.add(dataset)
        session.flush()
        audit.record(session, actor, "dataset-create", "dataset", slug, title=title, agency=agency)
        search.reindex(session, [dataset.id])
        draft = None
        if prepared:
            draft_id = insert_draft(session, actor, dataset, *prepared)
            ready, _ = prepared
            draft = VersionOutcome(slug, draft_id, None, "draft", ready.valid, ready.error_count, ready.report)
        return DatasetRef(dataset.id, dataset.slug, dataset.title, draft)


def dataset_update(
    platform: Platform,
    actor: Actor,
    *,
    slug: str,
    title: str | None = None,
    description: str | None = None,
    licence: str | None = None,
    tags: Iterable[str] | str | None = None,
    frequency: str | None = None,
    schema_id: str | None = None,
    coverage: Coverage = Coverage(),
) -> None:
    """Change a dataset's description. Published versions keep the metadata they were published with;
    the next version carries the new one. ``schema_id``: a shared schema's id, or "" for none; later
    uploads and harvests are validated against it. The compliance score follows at once."""
    errors = {}
    if schema_id and schema_id not in load_schemas():
        errors["schema_id"] = "unknown-schema"
    if title is not None:
        title = plain_text(title)
        if not title:
            errors["title"] = "required"
        elif len(title) > MAX_TITLE:
            errors["title"] = "too-long"
    if licence is not None and licence not in platform.reference.licences:
        errors["licence"] = "unknown-licence"
    if frequency is not None and frequency not in platform.reference.frequencies:
        errors["frequency"] = "unknown-frequency"
    tag_list = normalise_tags(tags) if tags is not None else None
    if tag_list is not None and len(tag_list) > MAX_TAGS:
        errors["tags"] = "too-many"
    described, coverage_errors = coverage.checked(platform.reference)
    errors.update(coverage_errors)
    permissions.writer(actor)
    with platform.db.write() as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
        if dataset is None or (dataset.current_version_id is None and not actor.sees_drafts_of(dataset.agency_id)):
            raise NotFound("dataset-not-found", slug=slug)
        permissions.dataset_update(actor, dataset.agency_id)
        if errors:
            raise InvalidInput(errors)
        changes = {"title": title, "description": plain_text(description, multiline=True).strip() if description is not None else None,
                   "licence": licence, "tags": tag_list, "frequency": frequency}
        changes = {name: value for name, value in changes.items() if value is not None} | described
        if schema_id is not None:
            changes["schema_id"] = schema_id or None  # "" chooses none
        before, after = {}, {}
        for name, value in changes.items():
            if getattr(dataset, name) != value:
                before[name], after[name] = _loggable(getattr(dataset, name)), _loggable(value)
                setattr(dataset, name, value)
        if after:
            dataset.updated_at = utcnow()
            audit.record(session, actor, "dataset-update", "dataset", slug, before=before, after=after)
            search.reindex(session, [dataset.id])
        published = dataset.current_version_id is not None and dataset.withdrawn_at is None
        dataset_id, changed = dataset.id, bool(after)
    if changed:
        score_datasets(platform, [dataset_id], trigger="edit")
    if changed and published and platform.settings.ckan_url:  # the national CKAN shows the new description
        platform.dispatch("publisher.jobs:push_dataset", slug=slug)


def _loggable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def normalise_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags from a list or a comma-separated text, trimmed, without duplicates, order kept."""
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    seen: dict[str, None] = {}
    for item in items:
        tag = plain_text(str(item))[:100]
        if tag and tag.lower() not in {existing.lower() for existing in seen}:
            seen[tag] = None
    return list(seen)


def free_slug(session, base: str) -> str:  # type: ignore[no-untyped-def]
    """``base``, or ``base-2``, ``base-3``… whichever no dataset has yet."""
    taken = set(session.scalars(select(Dataset.slug).where(Dataset.slug.like(f"{base}%"))))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


WITHDRAWAL_REASONS = ("gone-at-source", "withdrawn-by-agency")


def dataset_withdraw(platform: Platform, actor: Actor, *, dataset: str, reason: str = "withdrawn-by-agency") -> bool:
    """Stop publishing a dataset: it leaves the lists and its current package answers 410 Gone,
    while every published version stays downloadable by its number. Returns False when it
    was withdrawn already. A later publication (an upload, or the item back at its source) lifts it."""
    if reason not in WITHDRAWAL_REASONS:
        raise InvalidInput({"reason": "invalid-value"})
    with platform.db.write() as session:
        row = session.scalar(select(Dataset).where(Dataset.slug == dataset).with_for_update())
        if row is None:
            raise NotFound("dataset-not-found", slug=dataset)
        permissions.dataset_withdraw(actor, row.agency_id)
        if row.withdrawn_at is not None:
            return False
        row.withdrawn_at = utcnow()
        row.withdrawn_reason = reason
        audit.record(session, actor, "dataset-withdraw", "dataset", dataset, reason=reason)
        search.reindex(session, [row.id])
        dataset_id = row.id
    score_datasets(platform, [dataset_id], trigger="withdraw")  # it leaves its agency's score
    if platform.settings.ckan_url:  # deleted at the national CKAN too
        platform.dispatch("publisher.jobs:push_dataset", slug=dataset)
    return True
