"""Public pages: Vietnamese first, English on request, every page with a language switch and a JSON twin."""

from __future__ import annotations

import pytest

from ..helpers import DATA, World


@pytest.fixture
def published(world: World) -> str:
    slug = world.dataset("Đơn vị hành chính cấp tỉnh", description="Mã và tên các tỉnh, thành phố.", tags="hành chính")
    world.publish(slug, DATA / "leading-zero-codes.csv")
    return slug


def test_pages_answer_in_vietnamese_by_default(client, published: str) -> None:  # type: ignore[no-untyped-def]
    for path in ["/", "/datasets", f"/datasets/{published}", f"/datasets/{published}/versions/1", "/agencies",
                 "/agencies/tinh-bac-ninh", "/login"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="vi">' in response.text, path
        assert 'hreflang="en"' in response.text and 'hreflang="vi"' in response.text, path


def test_the_dataset_page_shows_what_a_reader_needs(client, published: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/datasets/{published}").text
    for expected in ["Đơn vị hành chính cấp tỉnh", "Ủy ban nhân dân tỉnh Bắc Ninh", "Mã và tên các tỉnh, thành phố.",
                     "Creative Commons Ghi công 4.0", "hành chính", "Mã tỉnh", "ma_tinh", "văn bản", "số nguyên",
                     "Hợp lệ", "datapackage.json", "Gói dữ liệu (zip)", "Các phiên bản"]:
        assert expected in page, expected


def test_english_is_one_click_away_and_remembered(client, published: str) -> None:  # type: ignore[no-untyped-def]
    english = client.get(f"/datasets/{published}?lang=en")
    assert '<html lang="en">' in english.text
    assert "Versions" in english.text and "Các phiên bản" not in english.text
    assert client.get("/datasets").text.count('<html lang="en">') == 1  # the cookie keeps the choice
    assert '<html lang="vi">' in client.get("/datasets?lang=vi").text


def test_the_browser_language_is_honoured_when_nothing_was_chosen(client, published: str) -> None:  # type: ignore[no-untyped-def]
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"}).text


def test_list_and_detail_pages_name_their_json_twin(client, published: str) -> None:  # type: ignore[no-untyped-def]
    for page, twin in [("/datasets", "/api/v1/datasets"), (f"/datasets/{published}", f"/api/v1/datasets/{published}"),
                       ("/agencies", "/api/v1/agencies")]:
        link = client.get(page).headers["Link"]
        assert twin in link and 'rel="alternate"' in link
        assert client.get(link.split(">")[0].lstrip("<")).is_json


def test_search_finds_datasets_by_words_of_the_title(client, published: str, world: World) -> None:  # type: ignore[no-untyped-def]
    other = world.dataset("Chất lượng không khí")
    world.publish(other, DATA / "leading-zero-codes.csv")
    page = client.get("/datasets?q=không+khí").text
    assert "Chất lượng không khí" in page and "Đơn vị hành chính cấp tỉnh" not in page
    assert "1 bộ dữ liệu" in page


def test_unknown_pages_say_so_in_vietnamese(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/datasets/khong-co")
    assert response.status_code == 404
    assert "Không có bộ dữ liệu “khong-co”." in response.text


def test_healthz_reports_database_and_storage(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "storage": "ok"}


def test_text_from_uploads_is_rendered_inert(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("<script>alert(1)</script> Tiêu đề", description="<img src=x onerror=alert(1)>")
    world.publish(slug, write_csv("<b>Tên</b>\n<script>x</script>\n"))
    page = client.get(f"/datasets/{slug}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<b>Tên</b>" not in page
