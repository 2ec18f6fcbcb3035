"""Personal data on the site and the API: the draft's panel (masked examples only), a decision form
per column for the agency's officers, the permission check behind it, and API uploads that answer
with the findings instead of publishing."""

from __future__ import annotations

import csv
import io

import pytest

from publisher.services import tokens

from ..helpers import DATA, World, csrf_token, sign_in

BENEFICIARIES = DATA / "personal-beneficiaries.csv"
RAW = ["Nguyễn Văn An", "001090012345", "0912345678"]


@pytest.fixture
def draft_url(world: World) -> str:
    slug = world.dataset("Hộ được hỗ trợ")
    outcome = world.upload(slug, BENEFICIARIES)
    return f"/datasets/{slug}/drafts/{outcome.draft_id}"


def decide(client, draft_url: str, **fields: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client.get(draft_url).text)
    return client.post(draft_url + "/personal", data={"csrf_token": token, **fields})


def test_the_draft_page_shows_findings_masked_and_publishing_waits(client, world: World, draft_url: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    page = client.get(draft_url).text
    assert "Dữ liệu cá nhân" in page
    assert "3 cột có vẻ chứa dữ liệu cá nhân" in page
    assert "Số căn cước công dân (CCCD)" in page and "Số điện thoại" in page and "Họ và tên của cá nhân" in page
    assert "********78" in page and "N***** V** A*" in page
    assert not any(value in page for value in RAW), "no personal value on the page, not even in the preview"
    assert page.count('name="decision" value="hash"') == 3  # one form per column

    refused = client.post(draft_url + "/publish", data={"csrf_token": csrf_token(page)})
    assert refused.status_code == 422
    assert "Hãy quyết định trước cách công bố từng cột chứa dữ liệu cá nhân." in refused.text


def test_an_officer_decides_per_column_and_publishes(client, world: World, draft_url: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    refused = decide(client, draft_url, column="so_dien_thoai", decision="keep", reason="")
    assert refused.status_code == 422
    assert "Hãy nêu lý do cột này không phải dữ liệu cá nhân" in refused.text

    assert decide(client, draft_url, column="ho_va_ten", decision="drop").status_code == 302
    assert decide(client, draft_url, column="so_cccd", decision="hash").status_code == 302
    saved = decide(client, draft_url, column="so_dien_thoai", decision="mask-last-digits", digits="4")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#personal")
    page = client.get(draft_url).text
    assert "Mọi cột dữ liệu cá nhân đều đã có quyết định" in page
    assert "Che đi, chỉ giữ các chữ số cuối" in page and "giữ lại 4 ký tự cuối" in page

    published = client.post(draft_url + "/publish", data={"csrf_token": csrf_token(page)})
    assert published.status_code == 302
    slug = draft_url.split("/")[2]
    package = client.get(f"/api/v1/datasets/{slug}/datapackage.json").json
    data = client.get(f"/api/v1/datasets/{slug}/versions/1/{package['resources'][0]['path']}").text
    rows = list(csv.DictReader(io.StringIO(data)))
    assert list(rows[0]) == ["ma_ho", "so_cccd", "so_dien_thoai", "so_tien_ho_tro"]
    assert [row["so_dien_thoai"] for row in rows] == ["******5678", "******4321", "******3456", "******5678"]
    assert all(len(row["so_cccd"]) == 64 for row in rows) and not any(value in data for value in RAW)


def test_other_agencies_cannot_decide_and_auditors_only_read(client, world: World, draft_url: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, "officer")
    token = csrf_token(client.get(draft_url).text)
    client.post("/logout", data={"csrf_token": token})

    sign_in(client, "other")  # an editor of another agency
    assert client.get(draft_url).status_code == 404
    token = csrf_token(client.get("/account").text)
    assert client.post(draft_url + "/personal", data={"csrf_token": token, "column": "ho_va_ten", "decision": "keep",
                                                      "reason": "x"}).status_code == 404
    client.post("/logout", data={"csrf_token": token})

    sign_in(client, "auditor")
    page = client.get(draft_url)
    assert page.status_code == 200 and "Dữ liệu cá nhân" in page.text
    assert 'name="decision"' not in page.text  # reads, decides nothing
    denied = client.post(draft_url + "/personal", data={"csrf_token": csrf_token(page.text), "column": "ho_va_ten",
                                                        "decision": "drop"})
    assert denied.status_code == 403


def test_an_api_upload_with_personal_data_answers_with_the_findings(client, world: World) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Hộ được hỗ trợ")
    headers = {"Authorization": "Bearer " + tokens.token_issue(world.platform, world.officer, username="officer", scope="write")}
    response = client.post(f"/api/v1/datasets/{slug}/versions", headers=headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(BENEFICIARIES.read_bytes()), "ho-tro.csv")})
    assert response.status_code == 201
    body = response.json
    assert (body["status"], body["number"], body["valid"]) == ("draft", None, True)
    assert body["undecided"] == ["ho_va_ten", "so_cccd", "so_dien_thoai"]
    assert {item["kind"] for item in body["personal"]["findings"]} == {"person-name", "citizen-id", "phone-number"}
    assert not any(value in response.text for value in RAW)

    wrong = client.post(body["links"]["personal"], headers=headers, json={"column": "so_cccd", "decision": "keep"})
    assert wrong.status_code == 422 and wrong.json["error"]["fields"]["reason"]["code"] == "keep-needs-reason"
    decided = client.post(body["links"]["personal"], headers=headers, json={"decisions": [
        {"column": "ho_va_ten", "decision": "drop"}, {"column": "so_cccd", "decision": "hash"},
        {"column": "so_dien_thoai", "decision": "mask-last-digits", "digits": 2}]})
    assert decided.status_code == 200 and decided.json["undecided"] == []
    published = client.post(decided.json["links"]["publish"], headers=headers)
    assert (published.json["status"], published.json["number"]) == ("published", 1)
    data = client.get(f"/api/v1/datasets/{slug}/versions/1/data/{published_name(client, slug)}.csv").text
    assert data.splitlines()[1].startswith("HGD01,") and ",********78," in data.splitlines()[1]

    read_only = {"Authorization": "Bearer " + tokens.token_issue(world.platform, world.officer, username="officer", scope="read")}
    assert client.post(body["links"]["personal"], headers=read_only,
                       json={"column": "so_cccd", "decision": "drop"}).json["error"]["code"] == "read-only-token"


def published_name(client, slug: str) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/api/v1/datasets/{slug}/datapackage.json").json["resources"][0]["name"]
