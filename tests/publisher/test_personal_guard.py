"""The personal-data guard between upload and publication: nothing personal is published by accident.

The officer's story: a list of aid beneficiaries carries names, citizen ID numbers and phone
numbers. The upload stays a draft, with the findings (masked) on it; an officer of the agency
drops the names, masks the phones and hashes the ID numbers (so tables still join on them);
the published CSV really is without them, and the next upload is cleaned the same way unasked.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from publisher.actor import Actor
from publisher.errors import InvalidInput, NotAuthorized, NotFound
from publisher.models import AuditLog, PersonalDecision
from publisher.queries import datasets as queries
from publisher.services import personal, versions
from publisher.settings import load_settings

from ..builders import xlsx
from ..helpers import DATA, World

BENEFICIARIES = DATA / "personal-beneficiaries.csv"
RAW = ["Nguyễn Văn An", "001090012345", "0912345678", "Trần Thị Bình", "0987654321"]


def published_rows(world: World, slug: str, number: int | None = None) -> list[dict[str, str]]:
    """The published CSV as a data user downloads it."""
    ref = queries.package_file(world.platform, Actor.anonymous(), slug, "data/" + _resource_name(world, slug) + ".csv", number=number)
    return list(csv.DictReader(io.StringIO(world.platform.store.read_bytes(ref.sha256).decode("utf-8"))))


def _resource_name(world: World, slug: str) -> str:
    return queries.dataset_detail(world.platform, Actor.anonymous(), slug).current.resources[0].name


def decide(world: World, slug: str, draft_id: int, column: str, decision: str, actor: Actor | None = None, **options: object) -> personal.DecisionRef:
    return personal.personal_decide(world.platform, actor or world.officer, dataset=slug, draft_id=draft_id, column=column,
                                    decision=decision, **options)


def test_personal_data_blocks_publishing_until_an_officer_decides_each_column(world: World) -> None:
    slug = world.dataset("Hộ được hỗ trợ")
    outcome = world.publish(slug, BENEFICIARIES)  # asks to publish at once

    assert (outcome.status, outcome.number, outcome.valid) == ("draft", None, True)
    assert outcome.undecided == ["ho_va_ten", "so_cccd", "so_dien_thoai"]
    found = {(item["field"], item["kind"]): (item["cells"], item["rows"]) for item in outcome.personal["findings"]}
    assert found == {("ho_va_ten", "person-name"): (4, 4), ("so_cccd", "citizen-id"): (4, 4),
                     ("so_dien_thoai", "phone-number"): (4, 4)}
    kept = json.dumps(outcome.personal, ensure_ascii=False)
    assert not any(value in kept for value in RAW)  # examples are masked: never the values
    assert [item["examples"] for item in outcome.personal["findings"]][2] == ["********78", "********21"]

    with pytest.raises(InvalidInput) as caught:
        versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=outcome.draft_id)
    assert caught.value.field_errors == {"personal": "personal-data-undecided"}
    assert caught.value.params["columns"] == "ho_va_ten, so_cccd, so_dien_thoai"

    assert decide(world, slug, outcome.draft_id, "ho_va_ten", "drop").undecided == ["so_cccd", "so_dien_thoai"]
    decide(world, slug, outcome.draft_id, "so_dien_thoai", "mask-last-digits", digits=3)
    with pytest.raises(InvalidInput):  # one column still waits
        versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=outcome.draft_id)
    assert decide(world, slug, outcome.draft_id, "so_cccd", "hash").undecided == []

    published = versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=outcome.draft_id)
    assert published.number == 1
    salt = world.platform.settings.personal_salt.encode()
    rows = published_rows(world, slug)
    assert list(rows[0]) == ["ma_ho", "so_cccd", "so_dien_thoai", "so_tien_ho_tro"]  # the names are gone
    assert [row["so_dien_thoai"] for row in rows] == ["*******678", "*******321", "*******456", "*******678"]
    assert rows[0]["so_cccd"] == hmac.new(salt, b"001090012345", hashlib.sha256).hexdigest()
    assert [row["so_tien_ho_tro"] for row in rows] == ["1500000", "2000000", "1000000", "1200000"]
    package = json.loads(world.platform.store.read_bytes(
        queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.json").sha256))
    fields = {spec["name"]: spec["type"] for spec in package["resources"][0]["schema"]["fields"]}
    assert fields == {"ma_ho": "string", "so_cccd": "string", "so_dien_thoai": "string", "so_tien_ho_tro": "integer"}
    archive = world.platform.store.read_bytes(queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.zip").sha256)
    assert not any(value.encode() in archive for value in ["001090012345", "0912345678"])  # stored uncompressed or not, never there
    # ... and the zip holds the same cleaned table
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        data = next(bundle.read(name).decode("utf-8") for name in bundle.namelist() if name.endswith(".csv"))
    assert not any(value in data for value in RAW)


def test_decisions_are_remembered_for_the_dataset_and_applied_to_later_uploads(world: World) -> None:
    slug = world.dataset("Hộ được hỗ trợ")
    first = world.upload(slug, BENEFICIARIES)
    decide(world, slug, first.draft_id, "ho_va_ten", "drop")
    decide(world, slug, first.draft_id, "so_cccd", "hash")
    decide(world, slug, first.draft_id, "so_dien_thoai", "keep", reason="  Số đường dây nóng   của xã ")
    versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=first.draft_id)

    again = world.publish(slug, BENEFICIARIES, filename="danh-sach-thang-2.csv")  # nobody is asked again
    assert (again.status, again.number, again.undecided) == ("published", 2, [])
    rows = published_rows(world, slug, 2)
    assert "ho_va_ten" not in rows[0] and rows[0]["so_dien_thoai"] == "0912345678"  # kept, as decided
    assert published_rows(world, slug, 1)[0]["so_cccd"] == rows[0]["so_cccd"]  # one salt: the hashes join across versions

    with world.platform.db.read() as session:
        decisions = {row.column: (row.decision, row.reason, row.by_name) for row in session.scalars(select(PersonalDecision))}
        entries = [(entry.action, entry.actor_name, entry.summary) for entry in
                   session.scalars(select(AuditLog).where(AuditLog.action.in_(["personal-decide", "version-publish"])).order_by(AuditLog.id))]
    assert decisions["so_dien_thoai"] == ("keep", "Số đường dây nóng của xã", "officer")
    assert [(action, summary.get("column")) for action, _name, summary in entries] == [
        ("personal-decide", "ho_va_ten"), ("personal-decide", "so_cccd"), ("personal-decide", "so_dien_thoai"),
        ("version-publish", None), ("version-publish", None),
    ]
    assert entries[2][2]["reason"] == "Số đường dây nóng của xã" and entries[2][2]["kinds"] == ["phone-number"]
    assert entries[4][2]["personal"] == {"ho_va_ten": "drop", "so_cccd": "hash", "so_dien_thoai": "keep"}
    assert not any(value in json.dumps([entry[2] for entry in entries], ensure_ascii=False) for value in RAW)


def test_a_decision_that_cannot_be_carried_out_is_refused_with_reasons(world: World) -> None:
    slug = world.dataset()
    draft = world.upload(slug, BENEFICIARIES)
    with pytest.raises(InvalidInput) as caught:
        decide(world, slug, draft.draft_id, "so_dien_thoai", "keep", reason="   ")
    assert caught.value.field_errors == {"reason": "keep-needs-reason"}
    with pytest.raises(InvalidInput) as caught:
        decide(world, slug, draft.draft_id, "so_dien_thoai", "mask-last-digits", digits=6)
    assert caught.value.field_errors == {"digits": "too-many-digits-kept"}
    with pytest.raises(InvalidInput) as caught:
        decide(world, slug, draft.draft_id, "so_tien_ho_tro", "publish-anyway")
    assert caught.value.field_errors == {"decision": "unknown-personal-decision", "column": "not-a-flagged-column"}
    with world.platform.db.read() as session:
        assert session.scalars(select(PersonalDecision)).all() == []


def test_only_the_agencys_editors_decide_and_auditors_read(world: World) -> None:
    slug = world.dataset()
    draft = world.upload(slug, BENEFICIARIES)
    with pytest.raises(NotFound):  # another agency's editor: the draft does not exist for them
        decide(world, slug, draft.draft_id, "ho_va_ten", "keep", actor=world.other_officer, reason="x")
    with pytest.raises(NotAuthorized):
        decide(world, slug, draft.draft_id, "ho_va_ten", "drop", actor=world.auditor)
    with pytest.raises(NotAuthorized):
        decide(world, slug, draft.draft_id, "ho_va_ten", "drop", actor=Actor.anonymous())
    seen = queries.draft_detail(world.platform, world.auditor, slug, draft.draft_id)
    assert seen.undecided == ["ho_va_ten", "so_cccd", "so_dien_thoai"] and not seen.can_publish
    decide(world, slug, draft.draft_id, "ho_va_ten", "drop", actor=world.admin)
    assert queries.draft_detail(world.platform, world.auditor, slug, draft.draft_id).decisions["ho_va_ten"]["by"] == "admin"


def test_hidden_sheets_are_never_published_and_reported_in_kinds_and_counts(world: World, tmp_path: Path) -> None:
    workbook = xlsx(
        tmp_path / "bao-cao.xlsx",
        [["Xã", "Số hộ"], ["Kinh Bắc", 120], ["Vũ Ninh", 98]],
        extra_sheets={"Người nhận": ([["Ghi chú nội bộ"], ["Họ và tên", "Số điện thoại"], ["Nguyễn Văn An", "0912345678"],
                                      ["Trần Thị Bình", "0987654321"], ["Lê Văn Cường", "0355123456"]], "veryHidden")},
    )
    slug = world.dataset("Số hộ theo xã")
    outcome = world.publish(slug, workbook)

    assert (outcome.status, outcome.undecided) == ("published", [])  # the visible sheet holds nothing personal
    assert outcome.personal["hidden"] == [
        {"sheet": "Người nhận", "kinds": [{"kind": "person-name", "cells": 3}, {"kind": "phone-number", "cells": 3}]}
    ]
    archive = world.platform.store.read_bytes(queries.package_file(world.platform, Actor.anonymous(), slug, "datapackage.zip").sha256)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        text = "".join(bundle.read(name).decode("utf-8") for name in bundle.namelist())
    assert "Kinh Bắc" in text and "Nguyễn" not in text and "0912345678" not in text


def test_the_salt_comes_from_the_environment_or_a_private_file_made_once(tmp_path: Path) -> None:
    assert load_settings({"var_dir": str(tmp_path)}, environ={"OPENDATA_PERSONAL_SALT": "a-long-secret-salt-from-env"}).personal_salt \
        == "a-long-secret-salt-from-env"
    made = load_settings({"var_dir": str(tmp_path)}, environ={}).personal_salt
    assert len(made) >= 32
    assert stat.S_IMODE(os.stat(tmp_path / "personal_salt").st_mode) == 0o600
    assert load_settings({"var_dir": str(tmp_path)}, environ={}).personal_salt == made  # the same salt next time


def test_the_published_report_masks_the_cells_of_personal_columns(world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    """Frictionless's row errors carry the whole row: published with the version, they would leak it."""
    path = write_csv("Mã hộ,Họ và tên,Số điện thoại,Số tiền hỗ trợ\nHGD01,Nguyễn Văn An,0912345678,1500000\n"
                     "HGD02,Trần Thị Bình,0987654321,chưa rõ\nHGD03,Lê Văn Cường,0355123456,1000000\n")
    schema = {"fields": [{"name": "ma_ho", "title": "Mã hộ", "type": "string"},
                         {"name": "ho_va_ten", "title": "Họ và tên", "type": "string"},
                         {"name": "so_dien_thoai", "title": "Số điện thoại", "type": "string"},
                         {"name": "so_tien_ho_tro", "title": "Số tiền hỗ trợ", "type": "integer"}]}
    slug = world.dataset()
    draft = world.upload(slug, path, schema=json.dumps(schema))
    assert draft.report["tasks"][0]["errors"][0]["cells"][1] == "Trần Thị Bình"  # the officer's own draft
    decide(world, slug, draft.draft_id, "ho_va_ten", "drop")
    decide(world, slug, draft.draft_id, "so_dien_thoai", "keep", reason="Số đường dây nóng của hộ kinh doanh")
    versions.version_publish(world.platform, world.officer, dataset=slug, draft_id=draft.draft_id, confirm_errors=True)

    report = queries.version_report(world.platform, Actor.anonymous(), slug, 1)
    error = report["tasks"][0]["errors"][0]
    assert (error["rowNumber"], error["cell"]) == (3, "chưa rõ")
    assert error["cells"] == ["HGD02", "T*** T** B***", "0987654321", "chưa rõ"]  # the kept column stays as decided
    assert "Trần Thị Bình" not in json.dumps(report, ensure_ascii=False)
