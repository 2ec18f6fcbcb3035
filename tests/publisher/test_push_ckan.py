"""Pushing to the real CKAN 2.12: agencies become organisations, datasets packages with their
files and Table Schemas; a second push sends nothing (CKAN's metadata_modified stays), a new
version updates, a withdrawal deletes; one failing dataset is recorded while the others go on."""

from __future__ import annotations

import dataclasses
import hashlib
import http.server
import threading
import urllib.error
import json
import urllib.request
import uuid
from collections.abc import Iterator

import ckanapi
import pytest

from publisher.actor import Actor
from publisher.errors import NotAuthorized
from publisher.platform import Platform
from publisher.queries.pushes import push_status
from publisher.services import datasets, pushes
from publisher.services.datasets import Coverage

from ..harvesters.conftest import CkanPeer
from ..helpers import World

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n24,Bắc Ninh,1517400\n"
SCHOOLS = "ma_truong,ten_truong\n001,Trường THPT Hàn Thuyên\n"


@dataclasses.dataclass
class Remote:
    """The real CKAN, seen through ckanapi with the sysadmin's token; names unique to this test."""

    admin: ckanapi.RemoteCKAN
    prefix: str

    def package(self, slug: str) -> dict:  # type: ignore[type-arg]
        return self.admin.action.package_show(id=f"{self.prefix}{slug}")

    def download(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"Authorization": self.admin.apikey})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read()


@pytest.fixture
def remote(ckan: CkanPeer, platform: Platform) -> Iterator[Remote]:
    prefix = f"t{uuid.uuid4().hex[:8]}-"
    admin = ckan.admin()
    platform.settings = dataclasses.replace(platform.settings, ckan_url=ckan.url, ckan_api_key=ckan.token,
                                            ckan_name_prefix=prefix, ckan_retries=1)
    yield Remote(admin, prefix)
    for package in admin.action.package_search(q=f"name:{prefix}*", include_private=True, include_drafts=True,
                                               rows=1000)["results"]:
        admin.action.dataset_purge(id=package["id"])
    for name in admin.action.organization_list():
        if name.startswith(prefix):
            admin.action.organization_purge(id=name)


def _publish(world: World, title: str, text: str, write_csv, agency: str = "tinh-bac-ninh", **fields) -> str:  # type: ignore[no-untyped-def]
    slug = datasets.dataset_create(world.platform, world.admin, agency=agency, title=title, **fields).slug
    world.publish(slug, write_csv(text, name=f"{slug}.csv"), actor=world.admin)
    return slug


def test_push_creates_then_sends_nothing_then_updates_then_deletes(world: World, ckan: CkanPeer, write_csv) -> None:  # type: ignore[no-untyped-def]
    platform = world.platform
    population = _publish(world, "Dân số các tỉnh năm 2024", POPULATION, write_csv, description="Số liệu dân số theo tỉnh.",
                          tags="dân số, thống kê", licence="ODbL-1.0", frequency="ANNUAL",
                          coverage=Coverage(contact_name="Phòng Thống kê", contact_email="thongke@bacninh.gov.vn",
                                            themes=["SOCI"], spatial="24", temporal_start="2024-01-01",
                                            temporal_end="2024-12-31"))
    schools = _publish(world, "Danh sách trường THPT", SCHOOLS, write_csv, agency="bo-khcn")
    remote = Remote(ckan.admin(), f"t{uuid.uuid4().hex[:8]}-")
    platform.settings = dataclasses.replace(platform.settings, ckan_url=ckan.url, ckan_api_key=ckan.token,
                                            ckan_name_prefix=remote.prefix)
    try:
        first = pushes.push_ckan(platform, Actor.system())

        assert first.counts == {"created": 2} and first.failures == []
        organisation = remote.admin.action.organization_show(id=f"{remote.prefix}tinh-bac-ninh")
        assert organisation["title"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
        package = remote.package(population)
        assert (package["title"], package["notes"], package["license_id"], package["organization"]["name"]) == \
            ("Dân số các tỉnh năm 2024", "Số liệu dân số theo tỉnh.", "odc-odbl", f"{remote.prefix}tinh-bac-ninh")
        assert sorted(tag["name"] for tag in package["tags"]) == ["dân số", "thống kê"]
        extras = {extra["key"]: extra["value"] for extra in package["extras"]}
        assert extras["frequency"] == "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
        assert json.loads(extras["theme"]) == ["http://publications.europa.eu/resource/authority/data-theme/SOCI"]
        assert (extras["spatial_code"], extras["temporal_start"], extras["temporal_end"]) == ("24", "2024-01-01", "2024-12-31")
        assert (package["maintainer"], package["maintainer_email"]) == ("Phòng Thống kê", "thongke@bacninh.gov.vn")
        assert remote.package(schools)["maintainer"] == "Bộ Khoa học và Công nghệ", "the agency when no contact is stated"
        resources = {resource["format"]: resource for resource in package["resources"]}
        assert set(resources) == {"CSV", "JSON"}
        table = resources["CSV"]
        assert table["url_type"] == "upload", "the file itself is at CKAN, not a link back here"
        uploaded = remote.download(table["url"])
        assert uploaded.decode("utf-8").splitlines() == POPULATION.splitlines()
        assert table["hash"] == "sha256:" + hashlib.sha256(uploaded).hexdigest()
        schema = json.loads(table["schema"])
        assert [field["name"] for field in schema["fields"]] == ["ma_tinh", "ten_tinh", "dan_so"]
        assert schema["fields"][0]["type"] == "string", "codes keep their leading zero: the schema says text"
        descriptor = json.loads(remote.download(resources["JSON"]["url"]))
        assert descriptor["name"] == population and descriptor["resources"][0]["path"] == f"data/{population}.csv"
        modified = {slug: remote.package(slug)["metadata_modified"] for slug in (population, schools)}

        again = pushes.push_ckan(platform, Actor.system())

        assert again.counts == {"unchanged": 2}
        assert {slug: remote.package(slug)["metadata_modified"] for slug in (population, schools)} == modified

        platform.settings = dataclasses.replace(platform.settings, ckan_url="")  # the publish hook has its own test
        world.publish(population, write_csv(POPULATION + "04,Cao Bằng,547900\n", name="dan-so-2.csv"), actor=world.admin)
        datasets.dataset_withdraw(platform, Actor.system(), dataset=schools)
        platform.settings = dataclasses.replace(platform.settings, ckan_url=ckan.url)

        third = pushes.push_ckan(platform, Actor.system())

        assert third.counts == {"updated": 1, "deleted": 1}
        updated = remote.package(population)
        csv = next(resource for resource in updated["resources"] if resource["format"] == "CSV")
        assert csv["id"] == table["id"], "the same resource, with a new file"
        assert remote.download(csv["url"]).decode("utf-8").splitlines()[-1] == "04,Cao Bằng,547900"
        assert remote.package(schools)["state"] == "deleted"
        assert pushes.push_ckan(platform, Actor.system()).counts == {"unchanged": 2}
        status = push_status(platform, Actor.system(), population)
        assert status is not None and status.outcome == "updated"
        assert status.url == f"{ckan.url}/dataset/{remote.prefix}{population}"
        assert push_status(platform, Actor.anonymous(), population) is None, "for the agency's people only"
    finally:
        for slug in (population, schools):
            try:
                remote.admin.action.dataset_purge(id=f"{remote.prefix}{slug}")
            except ckanapi.NotFound:
                pass
        for agency in ("tinh-bac-ninh", "bo-khcn"):
            try:
                remote.admin.action.organization_purge(id=f"{remote.prefix}{agency}")
            except ckanapi.NotFound:
                pass


def test_one_failure_is_recorded_the_others_go_on_and_the_next_push_resumes(world: World, remote: Remote, write_csv) -> None:  # type: ignore[no-untyped-def]
    platform = world.platform
    settings = platform.settings
    platform.settings = dataclasses.replace(settings, ckan_url="")
    taken = _publish(world, "Bản đồ hành chính", SCHOOLS, write_csv)
    fine = _publish(world, "Danh sách trường", SCHOOLS, write_csv)
    platform.settings = settings
    remote.admin.action.organization_create(name=f"{remote.prefix}khac", title="Một cơ quan khác")
    squatter = remote.admin.action.package_create(name=f"{remote.prefix}{taken}", owner_org=f"{remote.prefix}khac")

    first = pushes.push_ckan(platform, Actor.system())

    assert first.counts == {"created": 1, "failed": 1}
    assert [(failure.slug, failure.code) for failure in first.failures] == [(taken, "ckan-name-taken")]
    assert remote.package(fine)["title"] == "Danh sách trường"
    status = push_status(platform, world.officer, taken)
    assert status is not None and (status.outcome, status.error_code) == ("failed", "ckan-name-taken")
    assert remote.package(taken)["id"] == squatter["id"], "someone else's dataset is left alone"

    remote.admin.action.dataset_purge(id=squatter["id"])
    second = pushes.push_ckan(platform, Actor.system())

    assert second.counts == {"created": 1, "unchanged": 1}
    assert remote.package(taken)["organization"]["name"] == f"{remote.prefix}tinh-bac-ninh"


def test_a_publication_is_pushed_when_a_ckan_is_configured(world: World, remote: Remote, write_csv) -> None:  # type: ignore[no-untyped-def]
    slug = _publish(world, "Điểm thu gom rác", SCHOOLS, write_csv)

    package = remote.package(slug)
    assert package["title"] == "Điểm thu gom rác" and len(package["resources"]) == 2
    datasets.dataset_update(world.platform, world.officer, slug=slug, title="Điểm thu gom rác thải sinh hoạt")
    assert remote.package(slug)["title"] == "Điểm thu gom rác thải sinh hoạt", "a new description follows at once"
    datasets.dataset_withdraw(world.platform, Actor.system(), dataset=slug)
    assert remote.package(slug)["state"] == "deleted"


def test_an_unreachable_ckan_fails_each_dataset_after_retries_and_never_the_publish(world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    platform = world.platform
    platform.settings = dataclasses.replace(platform.settings, ckan_url="http://127.0.0.1:9", ckan_api_key="x",
                                            ckan_retries=1, ckan_timeout=2)
    slug = _publish(world, "Dân số", POPULATION, write_csv)  # the publish hook fails quietly

    assert datasets_published(world, slug)
    summary = pushes.push_ckan(platform, Actor.system())
    assert summary.counts == {"failed": 1}
    assert summary.failures[0].code == "ckan-unavailable"
    status = push_status(platform, Actor.system(), slug)
    assert status is not None and status.outcome == "failed" and status.pushed_at is None


def test_only_platform_administrators_push(world: World) -> None:
    with pytest.raises(NotAuthorized):
        pushes.push_ckan(world.platform, world.officer)


def datasets_published(world: World, slug: str) -> bool:
    from publisher.queries import datasets as dataset_queries
    return dataset_queries.dataset_detail(world.platform, Actor.anonymous(), slug).summary.version == 1


def test_the_command_line_pushes_with_a_summary(run, world: World, remote: Remote, write_csv) -> None:  # type: ignore[no-untyped-def]
    settings = world.platform.settings
    world.platform.settings = dataclasses.replace(settings, ckan_url="")
    slug = _publish(world, "Danh sách trường", SCHOOLS, write_csv)
    env = {"ckan_url": settings.ckan_url, "ckan_api_key": settings.ckan_api_key, "ckan_name_prefix": remote.prefix}

    first = run("push-ckan", **env)
    again = run("push-ckan", lang="en", **env)
    unconfigured = run("push-ckan", lang="en")

    assert first.exit_code == 0, first.output
    assert "Đã tạo trên CKAN: 1" in first.output
    assert remote.package(slug)["title"] == "Danh sách trường"
    assert again.exit_code == 0 and "Unchanged: 1" in again.output
    assert unconfigured.exit_code == 1 and "set OPENDATA_CKAN_URL" in unconfigured.output


class _Flaky(http.server.BaseHTTPRequestHandler):
    """A proxy in front of the real CKAN that answers 503 to the first ``failures`` calls."""

    failures = 0
    upstream = ""
    seen: list[int] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._forward()

    def do_POST(self) -> None:  # noqa: N802
        self._forward()

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if _Flaky.failures > 0:
            _Flaky.failures -= 1
            _Flaky.seen.append(503)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        headers = {key: value for key, value in self.headers.items() if key.lower() not in ("host", "content-length")}
        request = urllib.request.Request(_Flaky.upstream + self.path, data=body or None, headers=headers,
                                         method=self.command)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload, kind = response.status, response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, payload, kind = error.code, error.read(), error.headers.get("Content-Type", "")
        _Flaky.seen.append(status)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def flaky(ckan: CkanPeer) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    _Flaky.upstream, _Flaky.failures, _Flaky.seen = ckan.url, 0, []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_server_errors_are_retried_with_back_off(world: World, remote: Remote, flaky: str, write_csv) -> None:  # type: ignore[no-untyped-def]
    platform = world.platform
    settings = platform.settings
    platform.settings = dataclasses.replace(settings, ckan_url="")
    slug = _publish(world, "Danh sách trường", SCHOOLS, write_csv)
    platform.settings = dataclasses.replace(settings, ckan_url=flaky, ckan_retries=2, ckan_workers=1)
    _Flaky.failures = 2  # the first call fails twice, then goes through

    summary = pushes.push_ckan(platform, Actor.system())

    assert summary.counts == {"created": 1}, summary.failures
    assert _Flaky.seen[:3] == [503, 503, 404], "organization_show, twice refused, then CKAN's own answer: none yet"
    assert remote.package(slug)["title"] == "Danh sách trường"

    _Flaky.failures = 100  # CKAN stays down: given up after the retries, recorded, nothing half-recorded
    world.publish(slug, write_csv(SCHOOLS + "002,Trường THPT Lý Thái Tổ\n", name="v2.csv"), actor=world.admin)
    _Flaky.seen.clear()
    down = pushes.push_ckan(platform, Actor.system())
    assert down.counts == {"failed": 1} and down.failures[0].code == "ckan-unavailable"
    assert _Flaky.seen == [503, 503, 503], "one call and two retries"
    _Flaky.failures = 0
    assert pushes.push_ckan(platform, Actor.system()).counts == {"updated": 1}


def test_the_agency_sees_on_the_dataset_page_what_the_push_did(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    from ..helpers import sign_in

    platform = world.platform
    platform.settings = dataclasses.replace(platform.settings, ckan_url="http://127.0.0.1:9", ckan_api_key="x",
                                            ckan_retries=0, ckan_timeout=2)
    slug = _publish(world, "Dân số", POPULATION, write_csv)  # pushed at once, and refused: nothing listens there

    assert "CKAN" not in client.get(f"/datasets/{slug}").text, "the public does not see the agency's pushes"
    sign_in(client, "officer")
    page = client.get(f"/datasets/{slug}").text
    assert "Cổng dữ liệu quốc gia (CKAN)" in page and "Thất bại" in page
    assert "CKAN không trả lời" in page and "Lần gửi sau sẽ thử lại." in page
