"""Every write route and API call, driven by every role: the outcome each role must get.

    ok      the change is made
    403     refused: the role may not do this
    404     the thing is invisible to the role (drafts of other agencies)
    login   not signed in: pages send to the sign-in page, the API answers 401
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from publisher.actor import Actor
from publisher.services import tokens, users

from ..helpers import DATA, PASSWORDS, World, csrf_token, sign_in

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # permissions do not depend on the database

ROLES = ["anonymous", "editor", "other-editor", "agency-admin", "auditor", "admin"]


@dataclass
class Case:
    name: str
    call: Callable[[Any, dict[str, Any]], Any]
    expected: dict[str, str]


def _page_post(path: str, data: dict[str, Any], form_page: str | None = None) -> Callable[[Any, dict[str, Any]], Any]:
    def call(client: Any, ctx: dict[str, Any]) -> Any:
        token = ctx.get("csrf") or ""
        real = {key: (value(ctx) if callable(value) else value) for key, value in data.items()}
        return client.post(path.format(**ctx), data={"csrf_token": token, **real}, content_type="multipart/form-data")

    return call


def _api(method: str, path: str, **kwargs: Any) -> Callable[[Any, dict[str, Any]], Any]:
    def call(client: Any, ctx: dict[str, Any]) -> Any:
        headers = {"Authorization": f"Bearer {ctx['token']}"} if ctx.get("token") else {}
        body = {key: (value(ctx) if callable(value) else value) for key, value in kwargs.get("data", {}).items()}
        if "json" in kwargs:
            return client.open(path.format(**ctx), method=method, headers=headers, json=kwargs["json"])
        return client.open(path.format(**ctx), method=method, headers=headers, data=body, content_type="multipart/form-data")

    return call


def _csv(_ctx: dict[str, Any]) -> tuple[io.BytesIO, str]:
    return io.BytesIO("Mã,Tên\n01,Hà Nội\n".encode()), "du-lieu.csv"


EDIT = {"anonymous": "login", "editor": "ok", "other-editor": "403", "agency-admin": "ok", "auditor": "403", "admin": "ok"}
EDIT_UNPUBLISHED = {**EDIT, "other-editor": "404"}  # a dataset never published, or a draft: invisible to outsiders
EDIT_DRAFT = EDIT_UNPUBLISHED
ADMINISTER = {"anonymous": "login", "editor": "403", "other-editor": "403", "agency-admin": "ok", "auditor": "403", "admin": "ok"}
PLATFORM = {"anonymous": "login", "editor": "403", "other-editor": "403", "agency-admin": "403", "auditor": "403", "admin": "ok"}
AUDIT = {**PLATFORM, "auditor": "ok"}
READ_DRAFT = {"anonymous": "404", "editor": "ok", "other-editor": "404", "agency-admin": "ok", "auditor": "ok", "admin": "ok"}

CASES = [
    Case("page: create a dataset", _page_post("/upload", {
        "agency": "tinh-bac-ninh", "title": "Bộ mới", "licence": "CC-BY-4.0", "frequency": "ANNUAL", "file": _csv}), EDIT),
    Case("page: upload a version", _page_post("/datasets/{slug}/upload", {"file": _csv}), EDIT_UNPUBLISHED),
    Case("page: upload a version of a published dataset", _page_post("/datasets/{published}/upload", {"file": _csv}), EDIT),
    Case("page: publish a draft", _page_post("/datasets/{slug}/drafts/{draft}/publish", {}), EDIT_DRAFT),
    Case("page: repair a draft", _page_post("/datasets/{slug}/drafts/{draft}/repair", {"sheet-0-skip": "2"}), EDIT_DRAFT),
    Case("page: discard a draft", _page_post("/datasets/{slug}/drafts/{draft}/discard", {}), EDIT_DRAFT),
    Case("page: edit a dataset", _page_post("/datasets/{published}/edit", {
        "title": "Tên mới", "licence": "CC0-1.0", "frequency": "ANNUAL"}), EDIT),
    Case("page: give a role", _page_post("/agencies/tinh-bac-ninh/members", {"username": "auditor", "role": "editor"}), ADMINISTER),
    Case("page: agency settings", _page_post("/agencies/tinh-bac-ninh/settings", {"description": "Mới"}), ADMINISTER),
    Case("page: create an account", _page_post("/admin/users", {"username": "moi", "password": "mat-khau-moi"}), PLATFORM),
    Case("page: disable an account", _page_post("/admin/users/other", {"is_active": ""}), PLATFORM),
    Case("page: read the audit log", lambda client, ctx: client.get("/audit"), AUDIT),
    Case("page: export the audit log", lambda client, ctx: client.get("/audit.csv"), AUDIT),
    Case("api: create a dataset", _api("POST", "/api/v1/datasets", json={"agency": "tinh-bac-ninh", "title": "Bộ API"}), EDIT),
    Case("api: edit a dataset", _api("PATCH", "/api/v1/datasets/{published}", json={"themes": ["GOVE"]}), EDIT),
    Case("api: upload a version", _api("POST", "/api/v1/datasets/{slug}/versions", data={"file": _csv}), EDIT_UNPUBLISHED),
    Case("api: upload a version of a published dataset", _api("POST", "/api/v1/datasets/{published}/versions", data={"file": _csv}), EDIT),
    Case("api: publish a draft", _api("POST", "/api/v1/datasets/{slug}/drafts/{draft}/publish", json={}), EDIT_DRAFT),
    Case("api: repair a draft", _api("POST", "/api/v1/datasets/{slug}/drafts/{draft}/repair", json={"sheets": {}}), EDIT_DRAFT),
    Case("api: read a draft", _api("GET", "/api/v1/datasets/{slug}/drafts/{draft}"), READ_DRAFT),
    Case("api: read the audit log", _api("GET", "/api/v1/audit"), AUDIT),
]

USERNAMES = {"editor": "officer", "other-editor": "other", "agency-admin": "chief", "auditor": "auditor", "admin": "admin"}


@pytest.fixture
def ready(world: World) -> dict[str, Any]:
    users.user_create(world.platform, Actor.system(), username="chief", password="chief-password")
    users.membership_set(world.platform, Actor.system(), username="chief", agency="tinh-bac-ninh", role="admin")
    PASSWORDS.setdefault("chief", "chief-password")
    slug = world.dataset("Bộ sẵn có")
    draft = world.upload(slug, DATA / "leading-zero-codes.csv")
    published = world.dataset("Bộ đã công bố")
    world.publish(published, DATA / "leading-zero-codes.csv")
    return {"slug": slug, "draft": draft.draft_id, "published": published}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_role_gets_the_outcome_it_should(client, world: World, ready: dict[str, Any], case: Case, role: str) -> None:  # type: ignore[no-untyped-def]
    context = dict(ready)
    context["csrf"] = csrf_token(client.get("/login").text)  # a form's token, as a visitor would have
    if role != "anonymous":
        username = USERNAMES[role]
        sign_in(client, username)
        context["csrf"] = csrf_token(client.get("/account").text)
        context["token"] = tokens.token_issue(world.platform, Actor.system(), username=username, scope="write")
    response = case.call(client, context)
    expected = case.expected[role]
    api = case.name.startswith("api")
    if expected == "ok":
        assert response.status_code < 400 and "/login" not in response.headers.get("Location", ""), response.text[:300]
    elif expected == "login":
        if api:
            assert response.status_code == 401
        else:
            assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    else:
        assert response.status_code == int(expected), response.text[:300]
