"""The demo is real data through real services: three levels of agency, seven datasets, one with
errors published on purpose, one draft waiting, and the three accounts of the README."""

from __future__ import annotations

from publisher.actor import Actor
from publisher.demo import demo_accounts, load_demo
from publisher.platform import Platform
from publisher.queries import agencies, datasets
from publisher.services import users


def test_the_demo_has_every_level_and_role_the_readme_promises(platform: Platform) -> None:
    assert load_demo(platform) == 7
    public = Actor.anonymous()

    levels = {agency.level for agency in agencies.agency_list(platform, public)}
    assert {"ministry", "province", "commune"} <= levels

    listed = datasets.dataset_list(platform, public, per_page=100)
    assert listed.total == 7
    assert [item.slug for item in listed.items if item.valid is False] == ["chat-luong-khong-khi-10-2025"]

    with_draft = datasets.dataset_detail(platform, Actor.system(), "ket-qua-giai-quyet-tthc-2025")
    assert len(with_draft.drafts) == 1 and with_draft.drafts[0].valid is False

    provinces = datasets.dataset_detail(platform, public, "danh-muc-tinh-thanh")
    preview = datasets.version_detail(platform, public, "danh-muc-tinh-thanh", 1)
    assert provinces.current.resources[0].rows == 34
    assert preview.resources[0].fields[0] == {"name": "ma_tinh", "type": "string", "title": "Mã tỉnh"}

    for account in demo_accounts():
        signed_in = users.user_authenticate(platform, username=account.username, password=account.password)
        assert signed_in.is_admin == (account.role == "admin")
        assert signed_in.is_auditor == (account.role == "auditor")
    officer = users.user_authenticate(platform, username="officer", password="demo-officer")
    assert len(officer.roles) == 2 and not officer.is_admin
