"""Compliance scores that an auditor can follow to their evidence, checked by hand on a small world."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from publisher.compliance.base import Context, Outcome
from publisher.compliance.engine import Scorer, score_all, scorer
from publisher.compliance.registry import enabled_checks
from publisher.compliance.rubric import load_rubric
from publisher.models import AgencyScore, DatasetScore
from publisher.services import datasets

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
    assert metadata["score"] == pytest.approx(4 / 6)
    assert metadata["evidence"]["missing"] == ["description", "keywords"]
    assert checks["unified.shared-schema"]["evidence"] == {"code": "shared-schema-available", "schemas": ["ket-qua-giai-quyet-tthc"]}
    assert checks["correct.declared-schema"]["score"] == 0
    assert checks["complete.columns-described"]["score"] == 0.5  # titled, not described
    assert checks["unified.dcat"]["evidence"]["missing"] == ["dct:description"]
    # Weighted by hand (config/rubric.toml): 26.3 points of 33 applicable weight.
    assert checks["_"]["score"] == 79.7
    assert checks["_"]["principles"] == {"correct": 66.7, "complete": 75.0, "clean": 94.4, "live": 100.0,
                                         "unified": 26.7, "shared": 100.0}

    with world.platform.db.read() as session:
        history = session.scalars(select(AgencyScore).order_by(AgencyScore.id)).all()
        assert [(row.agency_id, row.score, row.band, row.trigger) for row in history] == [(2, 83.8, "kha", "publish")]  # 0.8 × 79.7 + 0.2 × 100


def test_fixing_the_metadata_raises_the_score_at_once_and_keeps_history(world: World, write_csv) -> None:
    slug = world.dataset("Điểm tiếp nhận hồ sơ")
    world.publish(slug, write_csv(REGISTER))
    datasets.dataset_update(world.platform, world.officer, slug=slug, tags="hồ sơ, một cửa",
                            description="Danh sách điểm tiếp nhận hồ sơ thủ tục hành chính của phường, cập nhật hằng tháng theo báo cáo của bộ phận một cửa.",
                            schema_id="ket-qua-giai-quyet-tthc")
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
