"""Upload makes a draft with its report; publish makes an immutable, numbered version, atomically."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pytest
from sqlalchemy import func, select

from datapackages.errors import UnreadableFile
from publisher.actor import Actor
from publisher.errors import Conflict, InvalidInput, NotAuthorized, NotFound
from publisher.models import AuditLog, Dataset, DatasetVersion
from publisher.queries import datasets as queries
from publisher.services import versions

from ..helpers import DATA, World


def descriptor(world: World, slug: str, number: int | None = None) -> dict:
    ref = queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.json", number=number)
    return json.loads(world.platform.store.read_bytes(ref.sha256))


def test_a_valid_upload_published_at_once_becomes_version_one(world: World) -> None:
    slug = world.dataset("Đơn vị hành chính")
    outcome = world.publish(slug, DATA / "leading-zero-codes.csv")

    assert (outcome.status, outcome.number, outcome.valid, outcome.error_count) == ("published", 1, True, 0)
    detail = queries.dataset_detail(world.platform, Actor.anonymous(), slug)
    assert detail.summary.version == 1
    assert [field["type"] for field in detail.current.resources[0].fields] == ["string", "string", "string", "string", "integer"]
    package = descriptor(world, slug)
    assert package["version"] == "1.0.0"
    assert package["contributors"] == [{"title": "Ủy ban nhân dân tỉnh Bắc Ninh", "roles": ["publisher"]}]


def test_an_upload_is_a_draft_until_published(world: World) -> None:
    slug = world.dataset()
    outcome = world.upload(slug, DATA / "leading-zero-codes.csv")
    assert (outcome.status, outcome.number) == ("draft", None)
    with pytest.raises(NotFound):
        queries.dataset_detail(world.platform, Actor.anonymous(), slug)  # nothing public yet
    assert queries.dataset_detail(world.platform, world.auditor, slug).drafts[0].id == outcome.draft_id

    published = versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=outcome.draft_id)
    assert published.number == 1
    with pytest.raises(Conflict):
        versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=outcome.draft_id)


def test_invalid_data_is_published_only_when_the_officer_confirms(world: World) -> None:
    slug = world.dataset("Không khí")
    draft = world.publish(slug, DATA / "type-errors.csv")  # asks to publish, but the data has errors
    assert (draft.status, draft.valid, draft.error_count) == ("draft", False, 3)
    assert [error["rowNumber"] for error in draft.report["tasks"][0]["errors"]] == [3, 5, 13]

    with pytest.raises(InvalidInput) as caught:
        versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id)
    assert caught.value.field_errors == {"confirm_errors": "confirm-invalid-data"}

    published = versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id, confirm_errors=True)
    assert (published.number, published.valid) == (1, False)
    assert queries.version_report(world.platform, Actor.anonymous(), slug)["stats"]["errors"] == 3


def test_a_new_version_leaves_the_previous_one_downloadable_and_unchanged(world: World, write_csv) -> None:
    slug = world.dataset()
    world.publish(slug, write_csv("Mã,Tên\n01,Hà Nội\n", "v1.csv"))
    first_zip = queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.zip", number=1)
    first_bytes = world.platform.store.read_bytes(first_zip.sha256)

    world.publish(slug, write_csv("Mã,Tên\n01,Hà Nội\n24,Bắc Ninh\n", "v2.csv"))

    detail = queries.dataset_detail(world.platform, Actor.anonymous(), slug)
    assert [version.number for version in detail.versions] == [2, 1]
    assert detail.summary.version == 2
    again = queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.zip", number=1)
    assert again.sha256 == first_zip.sha256
    assert world.platform.store.read_bytes(again.sha256) == first_bytes
    assert descriptor(world, slug, 1)["version"] == "1.0.0"
    assert descriptor(world, slug)["version"] == "2.0.0"


def test_files_are_stored_once_under_their_hash(world: World) -> None:
    slug = world.dataset()
    one = world.publish(slug, DATA / "leading-zero-codes.csv")
    two = world.publish(slug, DATA / "leading-zero-codes.csv")
    assert (one.number, two.number) == (1, 2)
    with world.platform.db.read() as session:
        drafts = session.execute(select(DatasetVersion.source_sha, DatasetVersion.resources).order_by(DatasetVersion.id)).all()
    assert drafts[0].source_sha == drafts[1].source_sha
    assert drafts[0].resources[0]["sha256"] == drafts[1].resources[0]["sha256"]
    blob = world.platform.store.key(drafts[0].source_sha)
    assert Path(blob).read_bytes() == (DATA / "leading-zero-codes.csv").read_bytes()


def test_a_file_that_cannot_be_read_records_nothing(world: World, tmp_path: Path) -> None:
    slug = world.dataset()
    pdf = tmp_path / "bao-cao.xlsx"
    pdf.write_bytes(b"%PDF-1.7 not a spreadsheet")
    with pytest.raises(UnreadableFile):
        world.upload(slug, pdf, publish=True)
    with world.platform.db.read() as session:
        assert session.scalar(select(func.count()).select_from(DatasetVersion)) == 0


def test_a_rejected_file_at_creation_leaves_no_empty_dataset(world: World, tmp_path: Path) -> None:
    from publisher.services import datasets

    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFile):
        datasets.dataset_create(world.platform, world.officer, agency="tinh-bac-ninh", title="Trống",
                                upload=versions.Upload(empty, "rong.csv"))
    with world.platform.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Dataset)) == 0


def test_a_failed_publish_keeps_the_current_version_online(world: World, write_csv, monkeypatch) -> None:
    slug = world.dataset()
    world.publish(slug, write_csv("Mã\n01\n", "v1.csv"))
    draft = world.upload(slug, write_csv("Mã\n01\n02\n", "v2.csv"))

    def crash(*args, **kwargs):  # noqa: ANN002, ANN003 - the store failing mid-publish
        raise OSError("disk full")

    # No real disk can be filled on demand here: the packaging step is made to fail instead.
    monkeypatch.setattr(versions, "package_version", crash)
    with pytest.raises(OSError):
        versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id)

    detail = queries.dataset_detail(world.platform, world.officer, slug)
    assert detail.summary.version == 1
    assert [d.id for d in detail.drafts] == [draft.draft_id]  # still a draft, can be published again
    monkeypatch.undo()
    assert versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id).number == 2


def test_only_editors_of_the_agency_upload_and_publish(world: World) -> None:
    slug = world.dataset()
    path = DATA / "leading-zero-codes.csv"
    with pytest.raises(NotFound):
        world.upload(slug, path, actor=world.other_officer)  # never published: it does not exist for outsiders
    world.publish(slug, path)
    with pytest.raises(NotAuthorized) as caught:
        world.upload(slug, path, actor=world.other_officer)
    assert caught.value.code == "not-agency-editor"
    with pytest.raises(NotAuthorized):
        world.upload(slug, path, actor=world.auditor)
    with pytest.raises(NotAuthorized) as caught:
        world.upload(slug, path, actor=Actor.anonymous())
    assert caught.value.code == "login-required"
    read_only = Actor(**{**world.officer.__dict__, "can_write": False})
    with pytest.raises(NotAuthorized) as caught:
        world.upload(slug, path, actor=read_only)
    assert caught.value.code == "read-only-token"
    assert world.upload(slug, path, actor=world.admin).status == "draft"


def test_drafts_are_invisible_to_the_public_and_other_agencies(world: World) -> None:
    slug = world.dataset()
    draft = world.upload(slug, DATA / "leading-zero-codes.csv")
    for outsider in (Actor.anonymous(), world.other_officer):
        with pytest.raises(NotFound):
            queries.draft_detail(world.platform, outsider, slug, draft.draft_id)
    seen = queries.draft_detail(world.platform, world.auditor, slug, draft.draft_id)
    assert seen.preview[slug][1] == ["01", "Thành phố Hà Nội", "00004", "Phường Ba Đình", "65000"]
    assert seen.can_publish is False  # auditors read, never change


def test_discarded_drafts_cannot_be_published(world: World) -> None:
    slug = world.dataset()
    draft = world.upload(slug, DATA / "leading-zero-codes.csv")
    versions.draft_discard(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id)
    with pytest.raises(Conflict):
        versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id)


def test_every_change_is_in_the_audit_log(world: World) -> None:
    slug = world.dataset()
    world.publish(slug, DATA / "leading-zero-codes.csv")
    with world.platform.db.read() as session:
        entries = session.execute(
            select(AuditLog.actor_name, AuditLog.action, AuditLog.target).where(AuditLog.target == slug).order_by(AuditLog.id)
        ).all()
    assert [tuple(entry) for entry in entries] == [
        ("officer", "dataset-create", slug),
        ("officer", "version-upload", slug),
        ("officer", "version-publish", slug),
    ]


def test_the_published_package_is_valid_for_frictionless(world: World, tmp_path: Path) -> None:
    slug = world.dataset()
    world.publish(slug, DATA / "leading-zero-codes.csv")
    ref = queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.zip")
    path = world.platform.store.copy_to(ref.sha256, tmp_path / "package.zip")
    assert frictionless.validate(str(path)).valid


def test_the_officers_corrections_repair_the_draft_and_the_next_upload(world: World) -> None:
    from datapackages.normalise import RepairOptions, SheetOptions

    report = DATA / "messy" / "totals-sections-notes-signature.xlsx"
    slug = world.dataset("Cán bộ và hồ sơ")
    first = world.upload(slug, report)
    options = RepairOptions({"Sheet": SheetOptions(skip=frozenset({3}), titles={2: "Cơ quan"})})

    repaired = versions.draft_repair(world.platform, world.officer, dataset=slug, draft_id=first.draft_id, options=options)

    detail = queries.draft_detail(world.platform, world.officer, slug, repaired.draft_id)
    assert detail.resources[0].rows == 3
    assert detail.resources[0].fields[1]["title"] == "Cơ quan"
    assert detail.options == options.to_dict()
    with pytest.raises(NotFound):
        queries.dataset_detail(world.platform, Actor.anonymous(), slug)
    assert [draft.id for draft in queries.dataset_detail(world.platform, world.officer, slug).drafts] == [repaired.draft_id]

    again = world.upload(slug, report, filename="Báo cáo tháng 2.xlsx")  # the same report next month
    assert queries.draft_detail(world.platform, world.officer, slug, again.draft_id).resources[0].rows == 3


def test_report_rows_point_at_the_rows_of_the_original_sheet(world: World) -> None:
    slug = world.dataset("Ngày hẹn")
    outcome = world.upload(slug, DATA / "messy" / "title-rows-and-unit-note.xlsx")
    resource = queries.draft_detail(world.platform, world.officer, slug, outcome.draft_id).resources[0]
    assert resource.header_rows == (5, 5)
    assert resource.source_row(2) == 7  # the first data row sits under the title, unit note, header and numbering rows
    assert resource.description == "Đơn vị tính: hồ sơ"
