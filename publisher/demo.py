"""Load the demo from ``config/demo``: agencies, the three accounts, datasets published through the
real services (repair, validation, packaging), one with errors and one draft awaiting review."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .actor import Actor
from .platform import Platform
from .services import agencies, datasets, users, versions
from .settings import CONFIG_DIR

__all__ = ["DEMO_DIR", "DemoAccount", "demo_accounts", "load_demo"]

DEMO_DIR = CONFIG_DIR / "demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str


def _demo(demo_dir: Path) -> dict[str, Any]:
    with open(demo_dir / "demo.toml", "rb") as stream:
        return tomllib.load(stream)


def demo_accounts(demo_dir: Path = DEMO_DIR) -> list[DemoAccount]:
    accounts = []
    for user in _demo(demo_dir)["user"]:
        role = "admin" if user.get("admin") else "auditor" if user.get("auditor") else "editor"
        accounts.append(DemoAccount(user["username"], user["password"], role))
    return accounts


def load_demo(platform: Platform, demo_dir: Path = DEMO_DIR) -> int:
    """Load everything; returns the number of datasets. Call it on an empty database only."""
    demo = _demo(demo_dir)
    system = Actor.system()
    for agency in demo["agency"]:
        agencies.agency_create(platform, system, **agency)
    for user in demo["user"]:
        users.user_create(
            platform,
            system,
            username=user["username"],
            password=user["password"],
            display_name=user.get("display_name"),
            is_admin=user.get("admin", False),
            is_auditor=user.get("auditor", False),
        )
        for agency_slug, role in user.get("roles", {}).items():
            users.membership_set(platform, system, username=user["username"], agency=agency_slug, role=role)
    officer_spec = next(user for user in demo["user"] if user["username"] == "officer")
    officer = users.user_authenticate(platform, username="officer", password=officer_spec["password"])
    files = demo_dir / "files"
    for spec in demo["dataset"]:
        # The officer uploads for the agencies they edit, as they would; the platform for the others.
        uploader = officer if spec["agency"] in officer_spec.get("roles", {}) else system
        created = datasets.dataset_create(
            platform,
            uploader,
            agency=spec["agency"],
            slug=spec.get("slug"),
            title=spec["title"],
            description=spec["description"],
            licence=spec["licence"],
            tags=spec["tags"],
            frequency=spec["frequency"],
            coverage=datasets.Coverage(**spec.get("coverage", {})),
            upload=versions.Upload(files / spec["file"], spec["file"]),
        )
        assert created.draft is not None
        if spec["publish"] in ("yes", "confirm"):
            versions.version_publish(
                platform, uploader, dataset=created.slug, draft_id=created.draft.draft_id, confirm_errors=spec["publish"] == "confirm"
            )
        if "draft" in spec:
            versions.version_upload(
                platform, uploader, dataset=created.slug, upload=versions.Upload(files / spec["draft"], spec["draft"])
            )
    return len(demo["dataset"])

