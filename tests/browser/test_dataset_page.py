"""A visitor in a real browser pages through a dataset's data and opens the diff between two versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from publisher.settings import Settings

from ..helpers import World
from ..integration.server import running_server

pytestmark = pytest.mark.browser

SCHEMA = {
    "fields": [
        {"name": "ma_xa", "title": "Mã xã", "type": "string"},
        {"name": "ten_xa", "title": "Tên xã", "type": "string"},
        {"name": "so_ho_so", "title": "Số hồ sơ", "type": "integer"},
    ],
    "primaryKey": ["ma_xa"],
}


def test_a_visitor_pages_the_preview_and_opens_a_diff(page, world: World, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Hồ sơ theo xã", slug="ho-so-theo-xa")
    # Version 1: 45 communes 00001..00045 with 100 files each. Version 2: commune 00002 gone,
    # 00003 now has 250 files, and 00046 is new. Paging by 20: rows 41-45 are on page 3.
    rows = [(f"{n:05d}", f"Xã Số {n}", 100) for n in range(1, 46)]
    first = tmp_path / "v1.csv"
    first.write_text("Mã xã,Tên xã,Số hồ sơ\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows), encoding="utf-8")
    changed = [row for row in rows if row[0] != "00002"]
    changed = [(a, b, 250 if a == "00003" else c) for a, b, c in changed] + [("00046", "Xã Đồng Nguyên", 80)]
    second = tmp_path / "v2.csv"
    second.write_text("Mã xã,Tên xã,Số hồ sơ\n" + "".join(f"{a},{b},{c}\n" for a, b, c in changed), encoding="utf-8")
    for path in (first, second):
        assert world.publish(slug, path, schema=json.dumps(SCHEMA)).valid

    with running_server(settings) as server:
        page.goto(f"{server.url}/datasets/{slug}")
        preview = page.locator(f"#preview-{slug}")
        assert preview.get_by_text("Dòng 1–20 trên tổng số 45").is_visible()
        assert preview.get_by_role("columnheader", name="Tên xã").is_visible()
        assert preview.get_by_role("cell", name="00001", exact=True).is_visible()  # the code keeps its zeros
        preview.get_by_role("link", name="Trang sau →").click()
        preview.get_by_text("Dòng 21–40 trên tổng số 45").wait_for()
        preview.get_by_role("link", name="Trang sau →").click()
        preview.get_by_text("Dòng 41–45 trên tổng số 45").wait_for()
        assert preview.get_by_role("cell", name="Xã Đồng Nguyên").is_visible()
        assert preview.locator("tbody tr").count() == 5
        assert preview.get_by_role("link", name="Trang sau →").count() == 0

        assert page.locator(".schema .tag", has_text="khóa chính").is_visible()

        page.get_by_label("So sánh phiên bản").select_option("1")
        page.get_by_label("với phiên bản").select_option("2")
        page.get_by_role("button", name="Xem các thay đổi").click()
        page.get_by_role("heading", name="Thay đổi từ phiên bản 1 đến phiên bản 2").wait_for()
        summary = page.locator(".diff-summary")
        assert summary.get_by_text("1 dòng được thêm").is_visible()
        assert summary.get_by_text("1 dòng bị xóa").is_visible()
        assert summary.get_by_text("1 dòng bị thay đổi").is_visible()
        changed_row = page.locator(".changed-rows tbody tr").first
        assert [changed_row.locator("td").nth(i).inner_text() for i in range(4)] == ["00003", "so_ho_so", "100", "250"]
        assert page.locator(".added-rows").get_by_role("cell", name="Xã Đồng Nguyên").is_visible()
        assert page.locator(".removed-rows").get_by_role("cell", name="Xã Số 2", exact=True).is_visible()
        page.screenshot(path=str(tmp_path / "diff.png"), full_page=True)
