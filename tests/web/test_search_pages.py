"""/datasets as a visitor uses it: words, facet links with counts that keep the query, sort, paging,
the same in English, and a JSON twin that answers the same parameters with the same totals."""

from __future__ import annotations

import re

import pytest

from publisher.services import datasets

from ..helpers import World


@pytest.fixture
def catalogue(world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    data = write_csv("Mã xã,Số lượng\n09187,120\n")
    for title, tags in [("Kết quả giải quyết hồ sơ", "hành chính"), ("Hồ sơ đất đai", "đất đai, hành chính"),
                        ("Chất lượng không khí", "môi trường")]:
        world.publish(world.dataset(title, tags=tags), data)
    ministry = datasets.dataset_create(world.platform, world.other_officer, agency="bo-khcn", title="Hồ sơ đề tài").slug
    world.upload(ministry, data, actor=world.other_officer, publish=True)


def _facet_links(html: str) -> dict[str, str]:
    """Facet value label → its link, from the page's filter column."""
    aside = html.split('<aside class="facets"', 1)[1].split("</aside>", 1)[0]
    return {re.sub(r"\s+", " ", label).strip(): href.replace("&amp;", "&")
            for href, label in re.findall(r'<a href="([^"]+)"[^>]*>\s*(?:✕ )?([^<]+)</a>', aside)}


def test_facets_are_links_with_counts_that_keep_the_query(client, catalogue: None) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/datasets?q=ho+so").text
    assert "3 bộ dữ liệu" in page and "Chất lượng không khí" not in page
    assert "Cơ quan" in page and "Từ khóa" in page and "Cấp" in page
    assert re.search(r"hành chính</a>\s*<span class=\"count\">2</span>", page)
    assert re.search(r"Bộ, cơ quan ngang bộ\s*</a>\s*<span class=\"count\">1</span>", page)  # the level, in Vietnamese
    link = _facet_links(page)["hành chính"]
    assert "q=ho+so" in link and "tag=h%C3%A0nh+ch%C3%ADnh" in link
    narrowed = client.get(link).text
    assert "2 bộ dữ liệu" in narrowed and "Hồ sơ đề tài" not in narrowed
    assert 'aria-current="true"' in narrowed  # the chosen value is marked, and its link removes it
    assert "3 bộ dữ liệu" in client.get(_facet_links(narrowed)["hành chính"]).text


def test_the_page_reads_in_english_too(client, catalogue: None) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/datasets?q=hồ+sơ&lang=en").text
    assert "3 datasets" in page
    for heading in ["Agency", "Level", "Province or city", "Tag", "Licence", "Recently updated"]:
        assert heading in page, heading
    assert re.search(r"Ministry\s*</a>", page)


def test_sort_and_pages_keep_the_search(client, catalogue: None) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/datasets?q=ho+so&sort=title&per_page=2").text
    assert page.index("Hồ sơ đất đai") < page.index("Hồ sơ đề tài")
    assert "Kết quả giải quyết hồ sơ" not in page
    following = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert "q=ho+so" in following and "sort=title" in following
    assert "Kết quả giải quyết hồ sơ" in client.get(following).text


def test_the_json_twin_answers_the_same_parameters(client, catalogue: None) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/datasets?q=ho+so&tag=hành+chính&sort=title")
    twin = html.headers["Link"].split(">")[0].lstrip("<")
    body = client.get(twin).get_json()
    assert body["count"] == 2 and body["q"] == "ho so" and body["sort"] == "title"
    assert [item["title"] for item in body["results"]] == ["Hồ sơ đất đai", "Kết quả giải quyết hồ sơ"]
    assert body["filters"] == {"tag": ["hành chính"]}
    assert {item["value"]: item["count"] for item in body["facets"]["tag"]} == {"hành chính": 2, "đất đai": 1}
    assert body["facets"]["agency"] == [{"value": "tinh-bac-ninh", "label": "Ủy ban nhân dân tỉnh Bắc Ninh", "count": 2,
                                         "selected": False}]
    paged = client.get("/api/v1/datasets?q=ho+so&per_page=1&page=2").get_json()
    assert (paged["count"], paged["pages"], len(paged["results"])) == (3, 3, 1)
    assert "q=ho+so" in paged["next"] and "page=3" in paged["next"]


def test_bad_parameters_get_a_clear_answer(client, catalogue: None) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/datasets?sort=popularity&lang=en")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["sort"]["message"] == "Sort by relevance, title, newest or updated."
    page = client.get("/datasets?sort=popularity")  # a hand-edited address: the page shows the default order
    assert page.status_code == 200 and '<option value="relevance" selected>' in page.text
