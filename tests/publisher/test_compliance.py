"""Compliance scores that an auditor can follow to their evidence, checked by hand on a small world."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from sqlalchemy import select

from publisher import jobs
from publisher.compliance.base import Context, Outcome
from publisher.compliance.engine import Scorer, score_all, scorer
from publisher.compliance.registry import enabled_checks
from publisher.compliance.rubric import load_rubric
from publisher.models import AgencyScore, DatasetScore
from publisher.queries.compliance_export import compliance_csv, compliance_xlsx
from publisher.scheduler import COMPLIANCE_JOB, HarvestScheduler
from publisher.services import datasets
from publisher.services.compliance import snapshot_taken_today

from ..helpers import World

# A commune office's register with one wrong commune code (99999, row 3) and one repeated row (row 4).
REGISTER = "Mã xã,Tên,Số hồ sơ\n09187,Phường Kinh Bắc,12\n99999,Sai mã,5\n09187,Phường Kinh Bắc,12\n"


def checks_of(world: World, slug: str) -> dict[str, dict]:
    with world.platform.db.read() as session:
        row = session.scalar(select(DatasetScore).where(DatasetScore.dataset_id == datasets_id(world, slug)))
        assert row is not None
        return {check["id"]: check for check in row.checks} | {"_": {"score": row.score, "principles": row.principles,
                                                                        "rubric": row.rubric_version}}


def datasets_id(world: World, slug: str) -> int:
    from publisher.models import Dataset

    with world.platform.db.read() as session:
        return session.scalar(select(Dataset.id).where(Dataset.slug == slug))


def test_a_publish_scores_the_dataset_with_evidence_an_auditor_can_check_by_hand(world: World, write_csv) -> None:
    slug = world.dataset("Điểm tiếp nhận hồ sơ")  # no description, no keywords; the title names a shared-schema topic
    world.publish(slug, write_csv(REGISTER))

    checks = checks_of(world, slug)
    assert checks["_"]["rubric"] == "2025.2"
    codes = checks["correct.reference-codes"]
    assert codes["score"] == pytest.approx(2 / 3)  # 1 of 3 commune codes is not in force
    assert codes["evidence"]["code"] == "codes-invalid"
    assert codes["evidence"]["examples"] == [{"table": slug, "field": "ma_xa", "row": 3, "value": "99999"}]
    duplicates = checks["clean.duplicate-rows"]
    assert (duplicates["score"], duplicates["evidence"]["examples"]) == (pytest.approx(2 / 3), [{"table": slug, "row": 4}])
    assert checks["clean.duplicate-keys"]["score"] is None  # no primary key: does not apply
    metadata = checks["complete.metadata"]
    assert metadata["score"] == pytest.approx(4 / 10)
    assert metadata["evidence"]["missing"] == ["description", "keywords", "contact_point", "themes", "spatial", "temporal"]
    assert checks["unified.shared-schema"]["evidence"] == {"code": "shared-schema-available", "schemas": ["ket-qua-giai-quyet-tthc"]}
    assert checks["correct.declared-schema"]["score"] == 0
    assert checks["complete.columns-described"]["score"] == 0.5  # titled, not described
    assert checks["unified.dcat"]["evidence"]["missing"] == ["dct:description"]
    # Weighted by hand (config/rubric.toml): 25.5 points of 33 applicable weight.
    assert checks["_"]["score"] == 77.3
    assert checks["_"]["principles"] == {"correct": 66.7, "complete": 61.7, "clean": 94.4, "live": 100.0,
                                         "unified": 26.7, "shared": 100.0}

    with world.platform.db.read() as session:
        history = session.scalars(select(AgencyScore).order_by(AgencyScore.id)).all()
        assert [(row.agency_id, row.score, row.band, row.trigger) for row in history] == [(2, 71.8, "kha", "publish")]  # 0.8 × 77.3 + 0.2 × 50 (published 1 of 1; no inventory)


def test_fixing_the_metadata_raises_the_score_at_once_and_keeps_history(world: World, write_csv) -> None:
    slug = world.dataset("Điểm tiếp nhận hồ sơ")
    world.publish(slug, write_csv(REGISTER))
    datasets.dataset_update(world.platform, world.officer, slug=slug, tags="hồ sơ, một cửa",
                            description="Danh sách điểm tiếp nhận hồ sơ thủ tục hành chính của phường, cập nhật hằng tháng theo báo cáo của bộ phận một cửa.",
                            schema_id="ket-qua-giai-quyet-tthc",
                            coverage=datasets.Coverage(contact_name="Bộ phận một cửa", themes=["GOVE"], spatial="09187",
                                                       temporal_start="2025-07-01"))
    checks = checks_of(world, slug)
    assert checks["complete.metadata"]["score"] == 1.0
    assert checks["unified.shared-schema"]["score"] == 1.0
    assert checks["correct.declared-schema"]["evidence"] == {"code": "schema-shared", "schema": "ket-qua-giai-quyet-tthc"}

    run = score_all(world.platform)
    assert (run.datasets, run.agencies) == (1, 3)
    with world.platform.db.read() as session:
        triggers = [row.trigger for row in session.scalars(select(AgencyScore).where(AgencyScore.agency_id == 2).order_by(AgencyScore.id))]
        empty = session.scalars(select(AgencyScore).where(AgencyScore.agency_id == 1)).one()
        assert (empty.score, empty.band, empty.checks[0]["evidence"]) == (0.0, "chua-dat", {"code": "no-datasets"})
    assert triggers == ["publish", "edit", "full"]


def test_a_failing_check_plugin_is_evidence_not_a_crash(world: World, write_csv) -> None:
    class Broken:
        id, principle, applies_to, codes = "clean.blank-rows", "clean", "dataset", ()

        def run(self, subject, context: Context) -> Outcome:
            raise KeyError("oops")

    slug = world.dataset()
    world.publish(slug, write_csv(REGISTER))
    rubric = load_rubric()
    checks = [Broken() if check.id == "clean.blank-rows" else check for check in enabled_checks(rubric)]
    engine = scorer(world.platform, checks=checks)
    assert isinstance(engine, Scorer)
    score_all(world.platform, engine=engine)
    assert checks_of(world, slug)["clean.blank-rows"] | {} == {
        "id": "clean.blank-rows", "principle": "clean", "weight": 1.0, "score": None,
        "evidence": {"code": "check-failed", "error": "KeyError"}}


def test_opendata_score_recomputes_and_exports_in_every_format(world: World, write_csv, run, tmp_path) -> None:
    slug = world.dataset("Điểm tiếp nhận hồ sơ")
    world.publish(slug, write_csv(REGISTER))

    table = run("score", lang="en")
    assert table.exit_code == 0, table.output
    assert "Ủy ban nhân dân tỉnh Bắc Ninh" in table.output and "71.8" in table.output and "Fair" in table.output
    assert "Scored 1 datasets and 3 agencies with rubric 2025.2." in table.output

    report = json.loads(run("score", "--format", "json", "--agency", "tinh-bac-ninh").stdout)
    (agency,) = report["agencies"]
    assert (agency["slug"], agency["score"], agency["band"]) == ("tinh-bac-ninh", 71.8, "kha")
    codes = next(check for check in agency["principles"]["correct"]["checks"] if check["id"] == "correct.reference-codes")
    assert codes["evidence"][0]["dataset"] == slug
    assert codes["evidence"][0]["evidence"]["examples"][0]["value"] == "99999"
    assert codes["fix"]["vi"].startswith("Thay mã cũ")

    out = tmp_path / "compliance.csv"
    assert run("score", "--format", "csv", "--out", str(out), lang="vi").exit_code == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    codes_row = next(row for row in rows if row["check"] == "correct.reference-codes")
    assert codes_row["evidence_text"] == "1 trên 3 mã đơn vị hành chính không còn hiệu lực, ví dụ: dòng 3 “99999”."
    assert codes_row["dataset"] == slug and codes_row["score"] == "0.6667"

    workbook_path = tmp_path / "compliance.xlsx"
    assert run("score", "--format", "xlsx", "--out", str(workbook_path)).exit_code == 0
    workbook = openpyxl.load_workbook(workbook_path)
    assert workbook.sheetnames == ["Tổng hợp", "Đúng", "Đủ", "Sạch", "Sống", "Thống nhất", "Dùng chung", "Cấp cơ quan"]
    summary = list(workbook["Tổng hợp"].iter_rows(values_only=True))
    assert summary[1][:4] == ("Ủy ban nhân dân tỉnh Bắc Ninh", "province", 71.8, "Khá")

    unknown = run("score", "--agency", "khong-co")
    assert unknown.exit_code == 1


def test_exports_never_carry_a_formula(world: World, write_csv, tmp_path) -> None:
    slug = world.dataset("=HYPERLINK(\"http://evil\",\"bấm\")")
    world.publish(slug, write_csv(REGISTER))
    score_all(world.platform)
    text = compliance_csv(world.platform, gettext=lambda s: s, locale="en")
    titles = {row["dataset_title"] for row in csv.DictReader(text.lstrip("\ufeff").splitlines()) if row["dataset"]}
    assert titles == {"'=HYPERLINK(\"http://evil\",\"bấm\")"}  # the apostrophe keeps a spreadsheet from running it
    path = compliance_xlsx(world.platform, tmp_path / "x.xlsx", gettext=lambda s: s, locale="en")
    sheet = openpyxl.load_workbook(path)["Correct"]
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles and all(title == '=HYPERLINK("http://evil","bấm")' for title in titles)
    cell = sheet["B2"]
    assert cell.data_type == "s" and cell.quotePrefix


def test_the_daily_snapshot_is_scheduled_and_caught_up_when_missed(world: World, write_csv) -> None:
    world.publish(world.dataset(), write_csv(REGISTER))
    scheduler = HarvestScheduler(world.platform)
    try:
        scheduler.start()
        daily = scheduler.scheduler.get_job("compliance-daily", jobstore="internal")
        assert (daily.func_ref, str(daily.trigger)) == (COMPLIANCE_JOB, "cron[hour='1', minute='30']")  # 01:30 daily
        assert scheduler.scheduler.get_job("compliance-catch-up", jobstore="internal") is not None
    finally:
        scheduler.shutdown()

    assert not snapshot_taken_today(world.platform)  # only the publish has scored so far
    scheduler.compliance_catch_up()
    assert snapshot_taken_today(world.platform)
    jobs.score_everything(world.platform, trigger="daily")
    with world.platform.db.read() as session:
        triggers = session.scalars(select(AgencyScore.trigger).where(AgencyScore.agency_id == 2).order_by(AgencyScore.id)).all()
    assert triggers == ["publish", "daily", "daily"]


def test_a_harvest_scores_what_its_source_feeds_once_at_the_end_of_the_run(world: World, it_admin, served, allow) -> None:
    from publisher.models import Dataset
    from publisher.services import sources

    (served.root / "dan-so.csv").write_text("Mã tỉnh,Tên\n24,Bắc Ninh\n99,Sai\n", encoding="utf-8")
    (served.root / "truong.csv").write_text("Mã xã,Trường\n09187,THPT Hàn Thuyên\n", encoding="utf-8")
    allow(served.address)
    source = sources.source_create(world.platform, it_admin, agency="tinh-bac-ninh", type="files", url=f"{served.url}/")
    sources.harvest_run(world.platform, it_admin, source_id=source.id, trigger="manual")

    with world.platform.db.read() as session:
        scored = session.execute(select(Dataset.title, DatasetScore.checks).join(DatasetScore, DatasetScore.dataset_id == Dataset.id)
                                 .order_by(Dataset.title)).all()
        triggers = session.scalars(select(AgencyScore.trigger).where(AgencyScore.agency_id == 2)).all()
    assert len(scored) == 2 and triggers == ["harvest"]  # one history point for the run, not one per item
    health = {title: next(check for check in checks if check["id"] == "live.source-healthy")["evidence"] for title, checks in scored}
    assert list(health.values()) == [{"code": "source-health", "health": "ok"}] * 2
    codes = {title: next(check for check in checks if check["id"] == "correct.reference-codes")["score"] for title, checks in scored}
    assert sorted(codes.values()) == [0.5, 1.0]  # '99' is no province; 09187 is Phường Kinh Bắc


def test_personal_data_counts_only_where_the_guard_had_columns_to_handle(world: World) -> None:
    import dataclasses
    import datetime as dt

    from publisher.compliance.base import DatasetSnapshot
    from publisher.compliance.checks.shared import PersonalData

    base = DatasetSnapshot(
        id=1, slug="ho-ngheo", agency_id=1, title="Hộ nghèo", description="", licence="CC-BY-4.0", tags=[], frequency="IRREG",
        schema_id=None, version_id=1, version_number=1, published_at=dt.datetime.now(dt.timezone.utc), valid=True, error_count=0,
        rows=10, schema_declared=False, source_format="csv", packaged=True, withdrawn=False, facts={})
    context = scorer(world.platform).context
    check = PersonalData()
    assert check.run(base, context) == Outcome(None, {"code": "personal-not-scanned"})  # published before the guard
    nothing = dataclasses.replace(base, personal={"findings": [], "hidden": []})
    assert check.run(nothing, context) == Outcome(None, {"code": "personal-none"})  # nothing to handle: no effect
    handled = dataclasses.replace(base, personal={"findings": [
        {"table": "ho-ngheo", "field": "so_cccd", "kind": "citizen-id"}, {"table": "ho-ngheo", "field": "so_cccd", "kind": "id-card"},
        {"table": "ho-ngheo", "field": "dien_thoai", "kind": "phone"}], "hidden": []})
    assert check.run(handled, context) == Outcome(1.0, {"code": "personal-resolved", "columns": 2})
