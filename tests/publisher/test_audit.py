"""The audit log: every change, who made it, from where, with a before/after summary; append-only,
enforced by the database itself; readable, filterable and exportable by admins and auditors."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from publisher.actor import Actor
from publisher.errors import NotAuthorized
from publisher.queries import audit
from publisher.services import agencies, datasets, tokens, users, versions

from ..helpers import DATA, PASSWORDS, World, sign_in


def actions(world: World, **where: str) -> list[tuple[str, str, str]]:
    page = audit.audit_page(world.platform, world.auditor, audit.AuditFilter(**where), per_page=500)
    return [(entry.actor, entry.action, entry.target) for entry in reversed(page.items)]


def test_the_log_cannot_be_changed_or_deleted_even_by_sql(world: World) -> None:
    for statement in ("UPDATE audit_log SET actor_name = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError) as caught, world.platform.db.write() as session:
            session.execute(text(statement))
        assert "append-only" in str(caught.value)


def test_every_kind_of_change_is_recorded(world: World) -> None:
    platform, officer, admin = world.platform, world.officer, world.admin
    slug = world.dataset("Nhật ký")
    draft = world.upload(slug, DATA / "leading-zero-codes.csv")
    from datapackages.normalise import RepairOptions

    repaired = versions.draft_repair(platform, officer, dataset=slug, draft_id=draft.draft_id, options=RepairOptions())
    versions.version_publish(platform, officer, dataset=slug, draft_id=repaired.draft_id)
    other = world.upload(slug, DATA / "leading-zero-codes.csv")
    versions.draft_discard(platform, officer, dataset=slug, draft_id=other.draft_id)
    datasets.dataset_update(platform, officer, slug=slug, title="Nhật ký mới")
    agencies.agency_update(platform, admin, slug="phuong-kinh-bac", shares_with_parent=True)
    users.membership_set(platform, admin, username="auditor", agency="bo-khcn", role="editor")
    users.user_update(platform, admin, username="other", is_active=False)
    users.user_update(platform, admin, username="auditor", new_password="a-fresh-password")
    token = tokens.token_issue(platform, officer, username="officer", scope="read")
    users.password_change(platform, officer, current=PASSWORDS["officer"], new="another-password")
    with pytest.raises(NotAuthorized):
        users.user_authenticate(platform, username="officer", password="wrong-password", address="203.0.113.9")
    assert token.startswith("odp_")

    recorded = {action for _actor, action, _target in actions(world)}
    assert {
        "user-create", "role-change", "login", "dataset-create", "version-upload", "draft-repair", "version-publish",
        "draft-discard", "dataset-update", "agency-update", "user-update", "password-reset", "token-issue",
        "password-change", "login-failed",
    } <= recorded
    update = audit.audit_page(platform, admin, audit.AuditFilter(action="dataset-update")).items[0]
    assert update.summary == {"before": {"title": "Nhật ký"}, "after": {"title": "Nhật ký mới"}}
    failed = audit.audit_page(platform, admin, audit.AuditFilter(action="login-failed")).items[0]
    assert (failed.actor, failed.address) == ("officer", "203.0.113.9")


def test_only_admins_and_auditors_read_the_log(world: World) -> None:
    for outsider in (world.officer, Actor.anonymous()):
        with pytest.raises(NotAuthorized):
            audit.audit_page(world.platform, outsider, audit.AuditFilter())
        with pytest.raises(NotAuthorized):
            audit.audit_entries(world.platform, outsider, audit.AuditFilter())


def test_the_log_page_filters_and_exports_safely(client, world: World) -> None:  # type: ignore[no-untyped-def]
    world.dataset("=HYPERLINK(\"http://evil\")")  # a title crafted to run in a spreadsheet
    sign_in(client, "auditor")
    page = client.get("/audit?action=dataset-create")
    assert page.status_code == 200 and "dataset-create" in page.text and "role-change" not in page.text
    exported = client.get("/audit.csv?action=dataset-create")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0] == ["id", "at", "actor", "action", "target_type", "target", "address", "summary"]
    assert len(rows) == 2
    assert rows[1][7].startswith("'") or not rows[1][7].startswith("=")
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_log_is_read_through_the_api_with_a_token(client, world: World) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.auditor, username="auditor", scope="read")
    body = client.get("/api/v1/audit?action=login", headers={"Authorization": f"Bearer {token}"}).json
    assert body["count"] >= 4 and {entry["action"] for entry in body["results"]} == {"login"}
    denied = tokens.token_issue(world.platform, world.officer, username="officer", scope="read")
    assert client.get("/api/v1/audit", headers={"Authorization": f"Bearer {denied}"}).status_code == 403

