"""The CKAN-compatible API, read by real CKAN clients over HTTP from a real `opendata serve`:
ckanapi's RemoteCKAN, and the real CKAN 2.12's own CKAN harvester (ckanext-harvest) of ``shared/ckan``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import ckanapi
import pytest

from publisher.services import datasets
from publisher.settings import Settings

from ..harvesters.conftest import CKAN_ENV, CkanPeer, ckan  # noqa: F401 - the shared CKAN fixture
from ..helpers import World, require
from .server import running_server

pytestmark = pytest.mark.server


@pytest.fixture
def catalogue(world: World, write_csv) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Four published datasets in three agencies, one with two tables; one draft and one withdrawn, both unlisted."""
    data = write_csv("Mã xã,Tên xã,Số hồ sơ\n09187,Phường Kinh Bắc,120\n00004,Phường Ba Đình,7\n")
    titles = {"ho-so": "Kết quả giải quyết hồ sơ", "dat": "Đất đai (m²) / năm 2025", "dan-so": "Dân số theo xã"}
    slugs = {key: world.dataset(title, tags="hành chính, dịch vụ công (DVC)") for key, title in titles.items()}
    for slug in slugs.values():
        world.publish(slug, data)
    slugs["khcn"] = datasets.dataset_create(world.platform, world.other_officer, agency="bo-khcn", title="Đề tài khoa học").slug
    world.upload(slugs["khcn"], data, actor=world.other_officer, publish=True)
    draft = world.dataset("Bản nháp")
    world.upload(draft, data)
    datasets.dataset_withdraw(world.platform, world.officer, dataset=slugs.pop("dan-so"))
    return slugs


def test_ckanapi_reads_every_dataset(world: World, settings: Settings, catalogue: dict[str, str]) -> None:
    with running_server(settings) as server:
        for prefix_url in (server.url, f"{server.url}/"):
            remote = ckanapi.RemoteCKAN(prefix_url, user_agent="opendata-tests/1")
            names = remote.action.package_list()
            assert sorted(names) == sorted(catalogue.values())
            for name in names:
                package = remote.action.package_show(id=name)
                assert package["name"] == name and package["resources"]
                assert remote.action.package_show(id=package["id"])["name"] == name
            with pytest.raises(ckanapi.NotFound):
                remote.action.package_show(id="khong-co-bo-nay")
            with pytest.raises(ckanapi.ValidationError):
                remote.action.package_search(rows="nhiều")
            found = remote.action.package_search(q="giải quyết", fq="organization:tinh-bac-ninh",
                                                 **{"facet.field": ["organization", "tags"]})
            assert [item["title"] for item in found["results"]] == ["Kết quả giải quyết hồ sơ"]
            assert found["search_facets"]["organization"]["items"][0]["display_name"] == "Ủy ban nhân dân tỉnh Bắc Ninh"
            organisations = remote.action.organization_list(all_fields=True)
            assert {item["name"]: item["package_count"] for item in organisations} == {
                "bo-khcn": 1, "phuong-kinh-bac": 0, "tinh-bac-ninh": 2}
            everything = remote.action.current_package_list_with_resources(limit=10)
            assert sorted(item["name"] for item in everything) == sorted(catalogue.values())
        # ckanapi's own paging through package_search, as its `ckanapi dump datasets --all` does
        bin_dir = Path(sys.executable).parent  # ckanapi starts its workers as `ckanapi` from PATH
        dumped = subprocess.run([str(bin_dir / "ckanapi"), "dump", "datasets", "--all", "-q", "-r", server.url],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"})
        assert dumped.returncode == 0, dumped.stderr
        lines = [json.loads(line) for line in dumped.stdout.splitlines() if line.strip()]
        assert sorted(item["name"] for item in lines) == sorted(catalogue.values())


def _ckan_command(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(line.strip().split("=", 1) for line in CKAN_ENV.read_text().splitlines() if "=" in line)
    return subprocess.run([f"{env['CKAN_VENV']}/bin/ckan", "-c", env["CKAN_INI"], *args],
                          capture_output=True, text=True, timeout=600)


def test_the_real_ckan_harvests_this_platform(world: World, settings: Settings, catalogue: dict[str, str],
                                              ckan: CkanPeer) -> None:  # noqa: F811 - the fixture
    admin = ckan.admin()
    require("harvest" in admin.action.status_show()["extensions"], "the shared CKAN runs without ckanext-harvest")
    organisation = f"opendata-harvested-{uuid.uuid4().hex[:8]}"
    admin.action.organization_create(name=organisation, title="Nền tảng dữ liệu mở (thu thập)")
    source_id = None
    imported: list[str] = []
    try:
        with running_server(settings) as server:
            source = admin.action.harvest_source_create(
                name=organisation, title="Nền tảng dữ liệu mở", url=server.url, source_type="ckan",
                owner_org=organisation, frequency="MANUAL", config=json.dumps({}))
            source_id = source["id"]
            job = admin.action.harvest_job_create(source_id=source_id)
            _ckan_command("harvester", "run")  # what cron does: queue the new job (the consumers run beside CKAN)
            deadline = time.monotonic() + 240
            while True:
                shown = admin.action.harvest_job_show(id=job["id"])
                stats = shown.get("stats", {})
                done = sum(stats.get(key, 0) for key in ("added", "updated", "not modified", "errored", "deleted"))
                if shown["status"] == "Finished" or (shown.get("gather_finished") and done >= len(catalogue)):
                    break
                assert time.monotonic() < deadline, f"the harvest did not finish: {shown}"
                time.sleep(1)
                if shown.get("gather_finished"):
                    _ckan_command("harvester", "run")  # marks the job finished once its objects are done
        report = admin.action.harvest_job_report(id=job["id"])
        errors = [*report.get("gather_errors", []), *report.get("object_errors", {}).values()]
        assert errors == [], errors
        stats = admin.action.harvest_job_show(id=job["id"])["stats"]
        assert stats.get("errored", 0) == 0 and stats.get("added") == len(catalogue), stats
        for name in catalogue.values():
            remote = admin.action.package_show(id=name)
            imported.append(remote["id"])
            assert remote["owner_org"] == admin.action.organization_show(id=organisation)["id"]
            assert [resource["format"] for resource in remote["resources"]] == ["CSV", "JSON", "ZIP"]
        harvested = admin.action.package_show(id=catalogue["ho-so"])
        assert harvested["title"] == "Kết quả giải quyết hồ sơ"
        assert sorted(tag["name"] for tag in harvested["tags"]) == ["dịch vụ công DVC", "hành chính"]
        assert {extra["key"]: extra["value"] for extra in harvested["extras"]}["valid"] == "true"
    finally:
        for package_id in imported:
            admin.action.dataset_purge(id=package_id)
        if source_id:
            try:
                admin.action.harvest_source_clear(id=source_id)
                admin.action.harvest_source_delete(id=source_id, clear=True)
            except ckanapi.CKANAPIError:
                pass
        admin.action.organization_purge(id=organisation)
