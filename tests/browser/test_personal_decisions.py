"""An officer in a real browser meets personal data in an upload: reads the masked findings,
decides per column (drop, hash, mask), publishes, and downloads a package without the values."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from publisher.settings import Settings

from ..helpers import DATA, PASSWORDS, World
from ..integration.server import running_server

pytestmark = pytest.mark.browser


def test_an_officer_resolves_personal_data_findings_then_publishes(page, world: World, settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with running_server(settings) as server:
        page.goto(f"{server.url}/login")
        page.get_by_label("Tên đăng nhập").fill("officer")
        page.get_by_label("Mật khẩu").fill(PASSWORDS["officer"])
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Xin chào, Nguyễn Thị Lan.").wait_for()

        page.get_by_role("link", name="Tải lên").click()
        page.get_by_label("Cơ quan").select_option("tinh-bac-ninh")
        page.get_by_label("Tiêu đề").fill("Hộ được hỗ trợ tháng 7")
        page.get_by_label("Tần suất cập nhật").select_option("MONTHLY")
        page.get_by_label("Tệp dữ liệu (CSV hoặc Excel)").set_input_files(str(DATA / "personal-beneficiaries.csv"))
        page.get_by_role("button", name="Tải lên và kiểm tra").click()

        page.get_by_role("heading", name="Dữ liệu cá nhân").wait_for()
        assert page.get_by_text("3 cột có vẻ chứa dữ liệu cá nhân").is_visible()
        assert "0912345678" not in page.content() and "Nguyễn Văn An" not in page.content()
        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_text("Hãy quyết định trước cách công bố từng cột chứa dữ liệu cá nhân.").first.wait_for()

        for column, choice in [("ho_va_ten", "Bỏ cột"), ("so_cccd", "Thay bằng mã băm có muối (vẫn nối bảng được)"),
                               ("so_dien_thoai", "Che đi, chỉ giữ các chữ số cuối")]:
            panel = page.locator(f'.personal .column[data-column="{column}"]')
            panel.get_by_label(choice).check()
            panel.get_by_role("button", name="Lưu quyết định").click()
            page.get_by_text(f"Đã lưu quyết định cho cột “{column}”").wait_for()
        assert page.get_by_text("Mọi cột dữ liệu cá nhân đều đã có quyết định").is_visible()
        page.screenshot(path=str(tmp_path / "decided.png"), full_page=True)

        page.get_by_role("button", name="Công bố", exact=True).click()
        page.get_by_text("Đã công bố phiên bản 1.").wait_for()
        with page.expect_download() as download:
            page.get_by_role("link", name="Gói dữ liệu (zip)").first.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        with zipfile.ZipFile(saved) as archive:
            data = next(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".csv"))
    lines = data.splitlines()
    assert lines[0] == "ma_ho,so_cccd,so_dien_thoai,so_tien_ho_tro"
    code, hashed, phone, amount = lines[1].split(",")
    assert (code, len(hashed), phone, amount) == ("HGD01", 64, "******5678", "1500000")
    assert "Nguyễn" not in data and "001090012345" not in data and "0912345678" not in data
