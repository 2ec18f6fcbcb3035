"""Helpers for tests: skipping rules for services, the small world, and signing in through forms."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from publisher.actor import Actor
from publisher.platform import Platform
from publisher.services import datasets, versions

CI = os.environ.get("CI", "").lower() == "true"
DATA = Path(__file__).parent / "data"


def require(condition: bool, reason: str) -> None:
    """Skip a test whose service is missing, except in CI, where a missing service is a failure."""
    if condition:
        return
    if CI:
        pytest.fail(f"{reason} (CI=true: services must be present, not skipped)")
    pytest.skip(reason)


@dataclass
class World:
    platform: Platform
    admin: Actor
    officer: Actor
    other_officer: Actor
    auditor: Actor

    def dataset(self, title: str = "Danh mục tỉnh", agency: str = "tinh-bac-ninh", **fields: Any) -> str:
        return datasets.dataset_create(self.platform, self.officer, agency=agency, title=title, **fields).slug

    def upload(self, slug: str, path: Path, *, actor: Actor | None = None, **options: Any) -> versions.VersionOutcome:
        upload = versions.Upload(path, options.pop("filename", path.name), options.pop("schema", None))
        return versions.version_upload(self.platform, actor or self.officer, dataset=slug, upload=upload, **options)

    def publish(self, slug: str, path: Path, **options: Any) -> versions.VersionOutcome:
        return self.upload(slug, path, publish=True, **options)


PASSWORDS = {"admin": "admin-password", "officer": "officer-password", "other": "other-password", "auditor": "auditor-password"}


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def sign_in(client: Any, username: str) -> None:
    page = client.get("/login")
    response = client.post(
        "/login", data={"username": username, "password": PASSWORDS[username], "csrf_token": csrf_token(page.text)}
    )
    assert response.status_code == 302, response.text
