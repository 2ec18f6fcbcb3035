"""Accounts in the browser: sign-in with lockout and rate limits, password changes, API tokens
issued once and revocable, and the headers and cookies that keep sessions safe."""

from __future__ import annotations

import re

import pytest

from publisher.services import users

from ..helpers import PASSWORDS, World, csrf_token, sign_in


def attempt(client, username: str, password: str):  # type: ignore[no-untyped-def]
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_token(page.text)})


def test_five_wrong_passwords_lock_the_account_and_an_admin_unlocks_it(client, world: World) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        assert attempt(client, "officer", "not-the-password").status_code == 401
    locked = attempt(client, "officer", PASSWORDS["officer"])  # even the right password, for now
    assert locked.status_code == 401
    assert "tài khoản bị khóa" in locked.text.lower()
    users.user_update(world.platform, world.admin, username="officer", new_password="a-new-password")
    assert attempt(client, "officer", "a-new-password").status_code == 302


def test_sign_in_attempts_are_rate_limited_per_address(world: World) -> None:
    from web.app import create_app

    world.platform.settings = world.platform.settings.__class__(**{**world.platform.settings.__dict__, "login_rate_limit": "3 per minute"})
    client = create_app(platform=world.platform).test_client()
    codes = [attempt(client, "nobody", "whatever-password").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_a_user_changes_their_password(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    page = client.get("/account")
    wrong = client.post("/account/password", data={"csrf_token": csrf_token(page.text), "current": "nope-nope",
                                                   "new": "brand-new-pass", "confirm": "brand-new-pass"})
    assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng." in wrong.text
    done = client.post("/account/password", data={"csrf_token": csrf_token(page.text), "current": PASSWORDS["officer"],
                                                   "new": "brand-new-pass", "confirm": "brand-new-pass"})
    assert done.status_code == 302
    assert users.user_authenticate(world.platform, username="officer", password="brand-new-pass").username == "officer"


def test_a_token_is_shown_once_and_can_be_revoked(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    page = client.get("/account")
    issued = client.post("/account/tokens", data={"csrf_token": csrf_token(page.text), "scope": "write", "days": "30"})
    token = re.search(r'<code class="token">(odp_[^<]+)</code>', issued.text).group(1)
    assert client.get("/api/v1/datasets", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    again = client.get("/account").text
    assert token not in again and token[:12] in again  # listed by its prefix only
    token_id = re.search(r"/account/tokens/(\d+)/revoke", again).group(1)
    client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(again)})
    assert client.get("/api/v1/datasets", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_someone_elses_token_cannot_be_revoked(client, world: World) -> None:  # type: ignore[no-untyped-def]
    from publisher.queries import accounts
    from publisher.services import tokens

    tokens.token_issue(world.platform, world.auditor, username="auditor", scope="read")
    token_id = accounts.account(world.platform, world.auditor).tokens[0].id
    sign_in(client, "officer")
    page = client.get("/account")
    assert client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_token(page.text)}).status_code == 404
    assert accounts.account(world.platform, world.auditor).tokens[0].active


@pytest.mark.parametrize("path", ["/", "/datasets", "/login", "/api/v1/datasets", "/healthz", "/datasets/nothing"])
def test_every_answer_carries_the_security_headers(client, path: str) -> None:  # type: ignore[no-untyped-def]
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "admin")
    for path in ["/", "/datasets", "/agencies", "/upload", "/account", "/admin/users", "/audit", "/agencies/tinh-bac-ninh/members"]:
        html = client.get(path).text
        assert "<script" not in html and " style=" not in html and "<style" not in html and "javascript:" not in html, path


def test_session_cookies_are_http_only_same_site_and_secure_over_https(world: World) -> None:
    from web.app import create_app

    client = create_app(platform=world.platform).test_client()
    sign_in(client, "officer")
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure
    world.platform.settings = world.platform.settings.__class__(**{**world.platform.settings.__dict__, "public_url": "https://dulieu.example.gov.vn"})
    secure = create_app(platform=world.platform).test_client()
    page = secure.get("/login", base_url="https://localhost")
    secure.post("/login", base_url="https://localhost",
                data={"username": "officer", "password": PASSWORDS["officer"], "csrf_token": csrf_token(page.text)})
    assert secure.get_cookie("session", domain="localhost").secure


def test_signing_out_ends_the_session(client, world: World) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    page = client.get("/account")
    client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    assert client.get("/account").headers["Location"].startswith("/login")
