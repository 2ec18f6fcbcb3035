"""Compliance as a visitor and an auditor see it: the league table, the drill-down to a dataset's
evidence, the methodology, the JSON twins and the exports."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from ..helpers import World, csrf_token, sign_in
from ..publisher.test_compliance import REGISTER


def publish_register(world: World, write_csv) -> str:
    slug = world.dataset("Điểm tiếp nhận hồ sơ")
    world.publish(slug, write_csv(REGISTER))
    return slug


def test_an_auditor_follows_the_agency_score_down_to_the_row_with_the_wrong_code(world: World, write_csv, client) -> None:
    slug = publish_register(world, write_csv)

    league = client.get("/compliance?lang=en")
    assert league.status_code == 200
    assert league.headers["Link"] == '</api/v1/compliance>; rel="alternate"; type="application/json"'
    first_row = league.text.split("<tbody>")[1].split("</tr>")[0]
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in first_row and "71.8" in first_row and "Fair" in first_row

    agency = client.get("/agencies/tinh-bac-ninh/compliance?lang=en")
    assert agency.status_code == 200
    assert "1 of 3 administrative codes are not in force, e.g. row 3 “99999”." in agency.text
    assert f'href="/datasets/{slug}/compliance"' in agency.text
    assert "Replace old (pre-merger) or wrong codes" in agency.text

    page = client.get(f"/datasets/{slug}/compliance?lang=en")
    assert page.status_code == 200
    assert "77.3" in page.text and "Missing: a description of 100 characters or more, keywords, contact point, themes, places covered, period covered (of 10 fields)." in page.text
    assert "does not apply" in page.text  # duplicate keys without a primary key

    api = client.get("/api/v1/agencies/tinh-bac-ninh/compliance").get_json()
    assert (api["slug"], api["score"], api["band"]) == ("tinh-bac-ninh", 71.8, "kha")
    assert set(api["principles"]) == {"correct", "complete", "clean", "live", "unified", "shared", "agency"}
    clean = {check["id"]: check for check in api["principles"]["clean"]["checks"]}
    assert clean["clean.duplicate-rows"]["evidence"][0]["evidence"]["examples"] == [{"table": slug, "row": 4}]
    assert [point["trigger"] for point in api["history"]] == ["publish"]


def test_the_league_table_filters_by_level_and_parent(world: World, write_csv, client) -> None:
    publish_register(world, write_csv)
    communes = client.get("/api/v1/compliance?level=commune").get_json()
    assert [agency["slug"] for agency in communes["agencies"]] == ["phuong-kinh-bac"]
    under = client.get("/api/v1/compliance?parent=tinh-bac-ninh").get_json()
    assert [agency["slug"] for agency in under["agencies"]] == ["phuong-kinh-bac"]
    everyone = client.get("/api/v1/compliance").get_json()
    assert [agency["slug"] for agency in everyone["agencies"]][0] == "tinh-bac-ninh"
    assert client.get("/compliance?level=province&lang=en").text.count("<tr>") == 2  # the header and Bắc Ninh


def test_the_methodology_page_is_the_rubric_in_both_languages(client) -> None:
    english = client.get("/compliance/methodology?lang=en").text
    vietnamese = client.get("/compliance/methodology?lang=vi").text
    assert "version 2025.2" in english and "One type per column" in english and "Decree 47/2020" in english
    assert "Mỗi cột một kiểu dữ liệu" in vietnamese and "Nghị định 47/2020/NĐ-CP" in vietnamese
    assert 'id="agency.datasets-published"' in english


def test_auditor_exports_csv_and_xlsx(world: World, write_csv, client) -> None:
    slug = publish_register(world, write_csv)
    response = client.get("/compliance.csv?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    row = next(row for row in rows if row["check"] == "clean.duplicate-rows")
    assert (row["dataset"], row["score"], row["link"]) == (slug, "0.6667", f"http://localhost/datasets/{slug}/compliance")

    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/compliance.xlsx?lang=en").data))
    assert workbook.sheetnames[0] == "Summary"
    clean = list(workbook["Clean"].iter_rows(values_only=True))
    assert clean[1][:5] == ("Ủy ban nhân dân tỉnh Bắc Ninh", "Điểm tiếp nhận hồ sơ", "No duplicate rows", 1, 0.6667)
    assert workbook["Clean"]["I2"].hyperlink.target == f"http://localhost/datasets/{slug}/compliance"
    assert client.get("/compliance.xlsx?agency=khong-co").status_code == 404


def test_an_officer_chooses_a_shared_schema_and_the_next_upload_is_validated_against_it(world: World, write_csv, client) -> None:
    slug = publish_register(world, write_csv)
    sign_in(client, "officer")
    form = client.get(f"/datasets/{slug}/edit?lang=en")
    assert "Administrative procedures: results of handling" in form.text
    response = client.post(f"/datasets/{slug}/edit", data={
        "title": "Điểm tiếp nhận hồ sơ", "description": "", "licence": "CC-BY-4.0", "tags": "", "frequency": "IRREG",
        "contact_name": "", "contact_email": "", "spatial": "", "temporal_start": "", "temporal_end": "",
        "schema_id": "ket-qua-giai-quyet-tthc", "csrf_token": csrf_token(form.text)})
    assert response.status_code == 302
    outcome = world.upload(slug, write_csv(REGISTER, "again.csv"))
    assert not outcome.valid  # the register lacks the shared schema's required columns
    api = client.get(f"/api/v1/datasets/{slug}/compliance").get_json()
    assert api["principles"]["unified"]["checks"][0]["evidence"] == {"code": "shared-schema-used", "schema": "ket-qua-giai-quyet-tthc"}


def test_the_league_shows_each_agencys_trend_and_a_withdrawn_dataset_leaves_the_score(world: World, write_csv, client) -> None:
    from publisher.services import datasets

    slug = publish_register(world, write_csv)
    datasets.dataset_update(world.platform, world.officer, slug=slug, tags="hồ sơ")  # the score rises a little
    league = client.get("/compliance?lang=en").text
    assert league.count('class="spark"') == 1  # Bắc Ninh has two points; the others none
    assert "Score over time: 71.8 → 72.6" in league  # keywords: metadata 5/10, +0.3 of 33 points → 78.2 × 0.8 + 10

    datasets.dataset_withdraw(world.platform, world.officer, dataset=slug)
    api = client.get("/api/v1/agencies/tinh-bac-ninh/compliance").get_json()
    assert (api["score"], api["datasets"]) == (0.0, 0)  # nothing published any more
    assert api["principles"]["agency"]["checks"][0]["evidence"][0]["evidence"] == {"code": "no-datasets"}
    assert client.get(f"/api/v1/datasets/{slug}/compliance").status_code == 404
    missing = client.get("/api/v1/agencies/khong-co/compliance")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "agency-not-found"


def test_an_officer_keeps_the_inventory_and_the_agency_is_scored_on_publishing_it_on_time(world: World, write_csv, client) -> None:
    import datetime as dt

    from publisher.errors import InvalidInput
    from publisher.services import inventory

    slug = publish_register(world, write_csv)
    today = dt.date.today()
    sign_in(client, "officer")
    page = client.get("/agencies/tinh-bac-ninh/compliance?lang=en")
    assert "The agency keeps no open data inventory." in page.text
    response = client.post("/agencies/tinh-bac-ninh/inventory", data={
        "title": "Điểm tiếp nhận hồ sơ", "due": (today + dt.timedelta(days=30)).isoformat(), "dataset": slug,
        "csrf_token": csrf_token(page.text)})
    assert response.status_code == 302
    inventory.inventory_add(world.platform, world.officer, agency="tinh-bac-ninh", title="Danh sách trường học",
                            due=today - dt.timedelta(days=1))  # due yesterday, not published

    api = client.get("/api/v1/agencies/tinh-bac-ninh/compliance").get_json()
    assert [(item["title"], item["dataset"], item["on_time"]) for item in api["inventory"]] == [
        ("Danh sách trường học", None, False), ("Điểm tiếp nhận hồ sơ", slug, True)]
    checks = {check["id"]: check for check in api["principles"]["agency"]["checks"]}
    assert checks["agency.inventory"]["score"] == 1.0
    assert checks["agency.inventory-on-time"]["score"] == 0.0  # the one item due is late
    assert checks["agency.inventory-on-time"]["evidence"][0]["evidence"]["late"][0]["title"] == "Danh sách trường học"
    assert (api["score"], api["band"]) == (75.2, "kha")  # 0.8 × 77.3 + 0.2 × (1 + 1 + 0) / 3 × 100 = 61.84 + 13.33

    with pytest.raises(InvalidInput) as caught:
        inventory.inventory_add(world.platform, world.officer, agency="tinh-bac-ninh", title="", due="31/12/2025", dataset="khong-co")
    assert caught.value.field_errors == {"title": "required", "due": "invalid-date", "dataset": "dataset-not-of-agency"}
    item = api["inventory"][0]["id"]
    page = client.get("/agencies/tinh-bac-ninh/compliance?lang=en")
    assert client.post(f"/agencies/tinh-bac-ninh/inventory/{item}/delete", data={"csrf_token": csrf_token(page.text)}).status_code == 302
    after = client.get("/api/v1/agencies/tinh-bac-ninh/compliance").get_json()
    assert [entry["title"] for entry in after["inventory"]] == ["Điểm tiếp nhận hồ sơ"] and after["score"] == 81.8  # nothing due: 2 of 2
