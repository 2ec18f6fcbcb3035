"""Harvests apply the officers' decisions on personal data, and stop at a column nobody decided on.

An agency's web folder on a real loopback server: a list of aid per household is published; then
the agency adds the households' phone numbers. The harvest stops for that dataset (the reason is
in the run's log, the last good version stays online) until an officer decides; the next run
publishes with the phones masked. A further new personal column stops it again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest

from publisher.actor import Actor
from publisher.queries import datasets as dataset_queries
from publisher.queries import sources as source_queries
from publisher.services import personal, sources

from ..harvesters.servers import FileServer
from ..helpers import World

AID = "Mã hộ,Xã,Số tiền hỗ trợ\nHGD01,Kinh Bắc,1500000\nHGD02,Vũ Ninh,2000000\nHGD03,Đại Phúc,1000000\n"
AID_WITH_PHONES = ("Mã hộ,Xã,Số điện thoại,Số tiền hỗ trợ\nHGD01,Kinh Bắc,0912345678,1500000\n"
                   "HGD02,Vũ Ninh,0987654321,2000000\nHGD03,Đại Phúc,0355123456,1000000\n")
AID_WITH_EMAILS = ("Mã hộ,Xã,Số điện thoại,Thư điện tử,Số tiền hỗ trợ\n"
                   "HGD01,Kinh Bắc,0912345678,an.nguyen@gmail.com,1500000\n"
                   "HGD02,Vũ Ninh,0987654321,binh.tran@yahoo.com,2000000\n"
                   "HGD03,Đại Phúc,0355123456,cuong.le@gmail.com,1000000\n")

Allow = Callable[..., None]


@pytest.fixture
def folder(world: World, it_admin: Actor, served: FileServer, allow: Allow) -> tuple[FileServer, int]:
    (served.root / "ho-tro.csv").write_text(AID, encoding="utf-8")
    allow(served.address)
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/",
                                   name="thu-muc-ho-tro")
    return served, source.id


def _published(world: World, slug: str) -> tuple[int | None, list[dict[str, str]]]:
    detail = dataset_queries.dataset_detail(world.platform, Actor.anonymous(), slug)
    assert detail.current is not None
    ref = dataset_queries.package_file(world.platform, Actor.anonymous(), slug, f"data/{detail.current.resources[0].name}.csv")
    text = world.platform.store.read_bytes(ref.sha256).decode("utf-8")
    return detail.summary.version, list(csv.DictReader(io.StringIO(text)))


def test_a_new_personal_column_stops_the_harvest_of_its_dataset_until_an_officer_decides(
    world: World, it_admin: Actor, folder: tuple[FileServer, int]
) -> None:
    served, source_id = folder
    first = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert (first.status, first.counts) == ("succeeded", {"new": 1})
    item = source_queries.run_detail(world.platform, it_admin, source_id, first.id).items[0]
    slug = item.dataset_slug or ""

    (served.root / "ho-tro.csv").write_text(AID_WITH_PHONES, encoding="utf-8")
    preview = sources.source_test(world.platform, it_admin, source_id=source_id)  # a test of the source says it too
    item = source_queries.run_detail(world.platform, it_admin, source_id, preview.id).items[0]
    assert (item.error_code, item.error_params) == ("personal-data-undecided", {"columns": "so_dien_thoai"})
    stopped = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert (stopped.status, stopped.counts) == ("partial", {"failed": 1})
    item = source_queries.run_detail(world.platform, it_admin, source_id, stopped.id).items[0]
    assert (item.error_code, item.error_params["columns"]) == ("personal-data-undecided", "so_dien_thoai")
    assert "so_dien_thoai" in item.log_excerpt and "0912345678" not in item.log_excerpt
    version, rows = _published(world, slug)
    assert version == 1 and "so_dien_thoai" not in rows[0]  # the last good version stays online

    drafts = dataset_queries.dataset_detail(world.platform, world.officer, slug).drafts
    assert len(drafts) == 1
    draft = dataset_queries.draft_detail(world.platform, world.officer, slug, drafts[0].id)
    assert draft.undecided == ["so_dien_thoai"] and draft.personal["findings"][0]["examples"] == ["********78", "********21"]
    personal.personal_decide(world.platform, world.officer, dataset=slug, draft_id=draft.id, column="so_dien_thoai",
                             decision="mask-last-digits", digits=2)

    resumed = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    assert (resumed.status, resumed.counts) == ("succeeded", {"updated": 1})
    version, rows = _published(world, slug)
    assert version == 2
    assert [(row["ma_ho"], row["so_dien_thoai"]) for row in rows] == [
        ("HGD01", "********78"), ("HGD02", "********21"), ("HGD03", "********56")]

    (served.root / "ho-tro.csv").write_text(AID_WITH_EMAILS, encoding="utf-8")
    again = sources.harvest_run(world.platform, it_admin, source_id=source_id)
    item = source_queries.run_detail(world.platform, it_admin, source_id, again.id).items[0]
    assert (again.status, item.error_code, item.error_params["columns"]) == ("partial", "personal-data-undecided", "thu_dien_tu")
    assert _published(world, slug)[0] == 2  # the phones are decided; only the new e-mail column waits
