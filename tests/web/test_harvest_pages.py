"""Sources on the site and the API: an agency admin connects one, tests it, runs it; officers see its
health and failures; the public sees nothing of it; the JSON twins answer in the API's envelope."""

from __future__ import annotations

import dataclasses

from publisher.actor import Actor
from publisher.services import sources, tokens, users

from ..harvesters.servers import FileServer
from ..helpers import PASSWORDS, World, csrf_token, sign_in

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n24,Bắc Ninh,1517400\n"


def _it_team(world: World) -> None:
    PASSWORDS.setdefault("it", "it-team-password")
    users.user_create(world.platform, Actor.system(), username="it", password=PASSWORDS["it"])
    users.membership_set(world.platform, Actor.system(), username="it", agency="tinh-bac-ninh", role="admin")


def _open(world: World, served: FileServer) -> None:
    world.platform.settings = dataclasses.replace(world.platform.settings, harvest_allow=served.address, harvest_retries=0)


def test_an_agency_admin_connects_tests_and_runs_a_source(client, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    _open(world, served)
    _it_team(world)
    sign_in(client, "it")
    form = client.get("/agencies/tinh-bac-ninh/sources/new")
    assert form.status_code == 200 and "Kết nối một nguồn" in form.text
    wrong = client.post("/agencies/tinh-bac-ninh/sources/new", data={
        "csrf_token": csrf_token(form.text), "type": "files", "url": f"{served.url}/", "options": "formats",
        "schedule": "every 1m"})
    assert wrong.status_code == 422 and "mỗi dòng một tùy chọn" in wrong.text

    created = client.post("/agencies/tinh-bac-ninh/sources/new", data={
        "csrf_token": csrf_token(form.text), "type": "files", "url": f"{served.url}/", "name": "thu-muc",
        "options": 'formats=["csv"]', "schedule": "0 2 * * *"})
    assert created.status_code == 302
    page = client.get(created.headers["Location"])
    assert "thu-muc" in page.text and "Chưa thu thập" in page.text
    assert page.headers["Link"].startswith("</api/v1/sources/")
    source_id = int(created.headers["Location"].rsplit("/", 1)[1])

    tested = client.post(f"/sources/{source_id}/test", data={"csrf_token": csrf_token(page.text)})
    preview = client.get(tested.headers["Location"])
    assert "Thử nguồn" in preview.text and "Mới" in preview.text

    ran = client.post(f"/sources/{source_id}/run", data={"csrf_token": csrf_token(page.text)})
    run_page = client.get(ran.headers["Location"])
    assert "Thành công" in run_page.text and "dan-so" in run_page.text
    agency = client.get("/agencies/tinh-bac-ninh")
    assert "Nguồn thu thập" in agency.text and "Hoạt động tốt" in agency.text


def test_editors_may_not_connect_and_the_public_sees_no_source(client, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    _open(world, served)
    source = sources.source_create(world.platform, world.admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/")
    assert "Nguồn thu thập" not in client.get("/agencies/tinh-bac-ninh").text
    assert client.get(f"/sources/{source.id}").status_code == 404
    sign_in(client, "officer")
    assert client.get("/agencies/tinh-bac-ninh/sources/new").status_code == 403
    page = client.get(f"/sources/{source.id}")
    assert page.status_code == 200 and "Chạy ngay" in page.text and "Tạm dừng lịch" not in page.text


def test_a_failing_source_is_shown_to_its_agency_officers(client, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    _open(world, served)
    source = sources.source_create(world.platform, world.admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/")
    served.close()
    sources.harvest_run(world.platform, world.admin, source_id=source.id)
    sign_in(client, "officer")
    home = client.get("/")
    assert "Nguồn thu thập" in home.text and "bị lỗi" in home.text and "Không kết nối được tới" in home.text


def test_the_api_lists_runs_and_runs_a_source_by_token(client, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    (served.root / "dan-so.csv").write_text(POPULATION, encoding="utf-8")
    _open(world, served)
    _it_team(world)
    token = tokens.token_issue(world.platform, Actor.system(), username="it", scope="write", days=1)
    auth = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/agencies/tinh-bac-ninh/sources", headers=auth,
                          json={"type": "files", "url": f"{served.url}/", "schedule": ""})
    assert created.status_code == 201, created.json
    source_url = created.headers["Location"]
    ran = client.post(f"{source_url}/runs", headers=auth, json={"max_items": 5})
    assert ran.status_code == 201 and ran.json["status"] == "succeeded"
    assert [(item["status"], item["version_number"]) for item in ran.json["items"]] == [("new", 1)]
    runs = client.get(f"{source_url}/runs", headers=auth).json
    assert runs["count"] == 1 and runs["results"][0]["counts"] == {"new": 1}
    listed = client.get("/api/v1/agencies/tinh-bac-ninh/sources", headers=auth).json
    assert listed["results"][0]["health"] == "ok"

    refused = client.post("/api/v1/agencies/tinh-bac-ninh/sources", headers=auth,
                          json={"type": "files", "url": "http://10.0.0.5/"})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"]["url"]["code"] == "address-not-allowed"
    missing = client.get("/api/v1/sources/999", headers=auth)
    assert missing.status_code == 404 and missing.json["error"]["code"] == "source-not-found"
    anonymous = client.get(source_url)
    assert anonymous.status_code == 404, "sources are not public"


def test_a_withdrawn_dataset_answers_gone_and_keeps_its_versions(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    from publisher.services import datasets

    slug = world.dataset()
    world.publish(slug, write_csv(POPULATION))
    datasets.dataset_withdraw(world.platform, world.officer, dataset=slug)
    current = client.get(f"/api/v1/datasets/{slug}/datapackage.json")
    assert current.status_code == 410 and current.json["error"]["code"] == "dataset-withdrawn"
    assert client.get(f"/api/v1/datasets/{slug}/versions/1/datapackage.json").status_code == 200
    body = client.get(f"/api/v1/datasets/{slug}").json
    assert body["withdrawn"]["reason"] == "withdrawn-by-agency" and body["current"] is None
    assert slug not in client.get("/datasets").text
    assert "Đã rút" in client.get(f"/datasets/{slug}").text


def test_forms_and_buttons_say_what_went_wrong(client, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    from publisher.models import RunTrigger
    from publisher.services import harvests

    _open(world, served)
    _it_team(world)
    source = sources.source_create(world.platform, world.admin, agency="tinh-bac-ninh", type="files",
                                   url=f"{served.url}/", name="thu-muc")
    sign_in(client, "it")
    form = client.get("/agencies/tinh-bac-ninh/sources/new")
    taken = client.post("/agencies/tinh-bac-ninh/sources/new", data={
        "csrf_token": csrf_token(form.text), "type": "files", "url": f"{served.url}/", "name": "thu-muc"})
    assert taken.status_code == 409 and "đã có một nguồn tên" in taken.text
    edit = client.get(f"/sources/{source.id}/edit")
    wrong = client.post(f"/sources/{source.id}/edit", data={"csrf_token": csrf_token(edit.text), "url": f"{served.url}/",
                                                            "schedule": "sometimes"})
    assert wrong.status_code == 422 and "cách nhau ít nhất năm phút" in wrong.text
    saved = client.post(f"/sources/{source.id}/edit", data={"csrf_token": csrf_token(edit.text), "url": f"{served.url}/",
                                                            "schedule": "every 6h"})
    assert saved.status_code == 302
    paused = client.post(f"/sources/{source.id}/disable", data={"csrf_token": csrf_token(edit.text)})
    assert "Tiếp tục lịch" in client.get(paused.headers["Location"]).text
    client.post(f"/sources/{source.id}/enable", data={"csrf_token": csrf_token(edit.text)})
    harvests.claim_run(world.platform, Actor.system(), source.id, trigger=RunTrigger.SCHEDULE)
    busy = client.post(f"/sources/{source.id}/run", data={"csrf_token": csrf_token(edit.text)}, follow_redirects=True)
    assert "đang được thu thập" in busy.text


def test_the_api_refuses_wrong_bodies(client, world: World, served: FileServer) -> None:  # type: ignore[no-untyped-def]
    _open(world, served)
    token = tokens.token_issue(world.platform, Actor.system(), username="admin", scope="write", days=1)
    auth = {"Authorization": f"Bearer {token}"}
    wrong = client.post("/api/v1/agencies/tinh-bac-ninh/sources", headers=auth, json={"type": "files", "options": ["x"]})
    assert wrong.status_code == 422 and wrong.json["error"]["fields"]["options"]["code"] == "wrong-type"
    source = sources.source_create(world.platform, world.admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/")
    bad = client.post(f"/api/v1/sources/{source.id}/runs", headers=auth, json={"max_items": 0})
    assert bad.status_code == 422 and bad.json["error"]["fields"]["max_items"]["code"] == "too-small"
    preview = client.post(f"/api/v1/sources/{source.id}/runs", headers=auth, json={"dry_run": True})
    assert preview.status_code == 201 and preview.json["dry_run"] is True
