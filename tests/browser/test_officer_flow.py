"""An officer's whole path in a real browser: sign in, upload an Excel file with a mistake, read the
report in Vietnamese, publish anyway, download the package; then switch the site to English."""

from __future__ import annotations

import zipfile
from pathlib import Path

import frictionless
import pytest

from publisher.settings import Settings

from ..builders import xlsx
from ..helpers import PASSWORDS, World
from ..integration.server import running_server

pytestmark = pytest.mark.browser


def test_officer_uploads_reviews_publishes_and_downloads(page, world: World, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    workbook = xlsx(
        tmp_path / "Kết quả TTHC tháng 7.xlsx",
        [["Mã xã", "Tên xã", "Số hồ sơ"], [9187, "Phường Kinh Bắc", 1520], [9190, "Phường Võ Cường", "khoảng 900"],
         [9169, "Phường Vũ Ninh", 1311], [9325, "Phường Hạp Lĩnh", 980], [9286, "Phường Nam Sơn", 1102],
         [9367, "Phường Từ Sơn", 1740], [9376, "Phường Tam Sơn", 860], [9382, "Phường Đồng Nguyên", 1290],
         [9373, "Phường Phù Khê", 770], [9400, "Phường Thuận Thành", 1405]],
        formats={"A2:A11": "00000"},
    )
    with running_server(settings) as server:
        url = server.url
        page.goto(f"{url}/login")
        page.get_by_label("Tên đăng nhập").fill("officer")
        page.get_by_label("Mật khẩu").fill(PASSWORDS["officer"])
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Xin chào, Nguyễn Thị Lan.").wait_for()

        page.get_by_role("link", name="Tải lên").click()
        page.get_by_label("Cơ quan").select_option("tinh-bac-ninh")
        page.get_by_label("Tiêu đề").fill("Kết quả giải quyết thủ tục hành chính tháng 7")
        page.get_by_label("Mô tả").fill("Số hồ sơ theo phường.")
        page.get_by_label("Tần suất cập nhật").select_option("MONTHLY")
        page.get_by_label("Tệp dữ liệu (CSV hoặc Excel)").set_input_files(str(workbook))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()

        page.get_by_role("heading", name="Kiểm tra trước khi công bố").wait_for()
        assert page.get_by_text("Phát hiện 1 lỗi trong dữ liệu").is_visible()
        error_row = page.locator(".errors-table tbody tr").first
        assert error_row.locator("td").nth(0).inner_text() == "3"
        assert "Số hồ sơ" in error_row.locator("td").nth(1).inner_text()
        assert "“khoảng 900” không phải là một số nguyên" in error_row.inner_text()
        assert page.get_by_role("cell", name="09190").is_visible()  # the code keeps its zero in the preview
        page.screenshot(path=str(tmp_path / "draft.png"), full_page=True)

        page.get_by_label("Tôi đã đọc các lỗi và vẫn muốn công bố dữ liệu này.").check()
        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_text("Đã công bố phiên bản 1.").wait_for()

        with page.expect_download() as download:
            page.get_by_role("link", name="Gói dữ liệu (zip)").first.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "ket-qua-giai-quyet-thu-tuc-hanh-chinh-thang-7-v1.zip"
        assert frictionless.validate(str(saved)).flatten(["rowNumber", "type"]) == [[3, "type-error"]]
        with zipfile.ZipFile(saved) as archive:
            data = archive.read("data/ket-qua-giai-quyet-thu-tuc-hanh-chinh-thang-7.csv").decode("utf-8")
        assert data.splitlines()[1] == "09187,Phường Kinh Bắc,1520"

        page.get_by_role("link", name="English").click()
        page.get_by_role("heading", name="Versions").wait_for()
        assert page.locator("html").get_attribute("lang") == "en"
        page.goto(f"{url}/datasets")
        assert page.locator("html").get_attribute("lang") == "en"  # the choice is remembered
