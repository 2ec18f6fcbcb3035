"""Compute and store compliance scores: in full, or only for what changed.

    score_all(platform)                    every published dataset, then every agency (daily, `opendata score`)
    score_datasets(platform, [id, ...])    those datasets, then only their agencies (after a publish or an edit)

Both read snapshots in a few set-based queries, run the rubric's checks as pure functions, and
write in bulk: the datasets' current rows are replaced, and each agency touched gets a new
history row with the rubric version. The datasets whose band changed are reindexed in the same
transaction, so the search's band facet never lags the scores. A check that raises is recorded as "could not run" with the
error's type as evidence, and does not count, so one faulty plugin never stops the scoring.
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import AgencyScore, Dataset, DatasetScore, utcnow
from ..platform import Platform
from ..schemas import load_schemas
from ..search import reindex_bands
from .base import AgencySnapshot, Check, Context, DatasetSnapshot, Outcome, evidence
from .registry import enabled_checks
from .rubric import AGENCY, PRINCIPLES, Rubric, load_rubric
from .snapshots import agency_snapshots, dataset_snapshots

__all__ = ["ScoreRun", "Scorer", "score_agencies", "score_all", "score_datasets", "scorer"]

log = logging.getLogger(__name__)
_INSERT_BATCH = 1000


@dataclass(frozen=True)
class ScoreRun:
    rubric_version: str
    datasets: int
    agencies: int


class Scorer:
    """The rubric's checks, ready to run on snapshots (pure: no database)."""

    def __init__(self, rubric: Rubric, checks: list[Check], context: Context) -> None:
        self.rubric = rubric
        self.context = context
        weights = {check.id: check.weight for check in rubric.checks}
        principles = {check.id: check.principle for check in rubric.checks}
        self.dataset_checks = [(check, weights[check.id], principles[check.id]) for check in checks if check.applies_to == "dataset"]
        self.agency_checks = [(check, weights[check.id]) for check in checks if check.applies_to == "agency"]

    def dataset(self, snapshot: DatasetSnapshot) -> dict[str, Any]:
        results = []
        total = weight_sum = 0.0
        by_principle: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for check, weight, principle in self.dataset_checks:
            outcome = _run(check, snapshot, self.context)
            results.append({"id": check.id, "principle": principle, "weight": weight, "score": outcome.score,
                            "evidence": outcome.evidence})
            if outcome.score is None or weight == 0:
                continue
            total += weight * outcome.score
            weight_sum += weight
            by_principle[principle][0] += weight * outcome.score
            by_principle[principle][1] += weight
        score = _percent(total, weight_sum)
        return {
            "dataset_id": snapshot.id,
            "agency_id": snapshot.agency_id,
            "version_id": snapshot.version_id,
            "rubric_version": self.rubric.version,
            "score": score,
            "band": self.rubric.band(score).id,
            "principles": {name: _percent(*by_principle[name]) for name in PRINCIPLES if name in by_principle},
            "checks": results,
        }

    def agency(self, snapshot: AgencySnapshot, datasets: list[tuple[float, dict[str, float]]], trigger: str, now: dt.datetime) -> dict[str, Any]:
        results, total, weight_sum = [], 0.0, 0.0
        for check, weight in self.agency_checks:
            outcome = _run(check, snapshot, self.context)
            results.append({"id": check.id, "principle": AGENCY, "weight": weight, "score": outcome.score, "evidence": outcome.evidence})
            if outcome.score is not None and weight:
                total += weight * outcome.score
                weight_sum += weight
        mean = sum(score for score, _ in datasets) / len(datasets) if datasets else 0.0
        if weight_sum:
            share = self.rubric.datasets_weight
            score = round(share * mean + (1 - share) * 100 * total / weight_sum, 1)
        else:
            score = round(mean, 1)
        principles = {}
        for name in PRINCIPLES:
            values = [scores[name] for _, scores in datasets if name in scores]
            if values:
                principles[name] = round(sum(values) / len(values), 1)
        return {
            "agency_id": snapshot.id,
            "rubric_version": self.rubric.version,
            "score": score,
            "band": self.rubric.band(score).id,
            "principles": principles,
            "checks": results,
            "datasets": len(datasets),
            "trigger": trigger,
            "computed_at": now,
        }


def scorer(platform: Platform, now: dt.datetime | None = None, rubric: Rubric | None = None,
           checks: list[Check] | None = None) -> Scorer:
    rubric = rubric or load_rubric()
    context = Context(now or utcnow(), platform.reference, load_schemas(), ZoneInfo(platform.settings.timezone))
    return Scorer(rubric, checks if checks is not None else enabled_checks(rubric), context)


def score_all(platform: Platform, *, trigger: str = "full", engine: Scorer | None = None) -> ScoreRun:
    """Score every published dataset and every agency; each agency gets a history row."""
    engine = engine or scorer(platform)
    now = engine.context.now
    with platform.db.write() as session:
        rows = [engine.dataset(snapshot) | {"computed_at": now} for snapshot in dataset_snapshots(session)]
        session.execute(delete(DatasetScore))
        _upsert(session, rows)
        reindex_bands(session)
        agencies = _score_agencies(session, engine, None, trigger, now)
    return ScoreRun(engine.rubric.version, len(rows), agencies)


def score_datasets(platform: Platform, dataset_ids: Collection[int], *, trigger: str = "publish",
                   engine: Scorer | None = None) -> ScoreRun:
    """Score these datasets again (a dataset no longer published loses its score), then their agencies."""
    engine = engine or scorer(platform)
    now = engine.context.now
    with platform.db.write() as session:
        rows = [engine.dataset(snapshot) | {"computed_at": now} for snapshot in dataset_snapshots(session, dataset_ids)]
        session.execute(delete(DatasetScore).where(DatasetScore.dataset_id.in_(list(dataset_ids))))
        _upsert(session, rows)
        reindex_bands(session, dataset_ids)
        agency_ids = set(session.scalars(select(Dataset.agency_id).where(Dataset.id.in_(list(dataset_ids)))))
        agencies = _score_agencies(session, engine, agency_ids, trigger, now)
    return ScoreRun(engine.rubric.version, len(rows), agencies)


def score_agencies(platform: Platform, agency_ids: Collection[int], *, trigger: str = "inventory",
                   engine: Scorer | None = None) -> ScoreRun:
    """Score these agencies again from their datasets' stored scores (their inventory changed)."""
    engine = engine or scorer(platform)
    with platform.db.write() as session:
        agencies = _score_agencies(session, engine, set(agency_ids), trigger, engine.context.now)
    return ScoreRun(engine.rubric.version, 0, agencies)


def _score_agencies(session: Session, engine: Scorer, agency_ids: set[int] | None, trigger: str, now: dt.datetime) -> int:
    query = select(DatasetScore.agency_id, DatasetScore.score, DatasetScore.principles)
    if agency_ids is not None:
        query = query.where(DatasetScore.agency_id.in_(agency_ids))
    scored: dict[int, list[tuple[float, dict[str, float]]]] = defaultdict(list)
    for agency_id, score, principles in session.execute(query):
        scored[agency_id].append((score, principles))
    snapshots = agency_snapshots(session, agency_ids, today=now.astimezone(engine.context.zone).date())
    rows = [engine.agency(snapshot, scored.get(snapshot.id, []), trigger, now) for snapshot in snapshots]
    _insert(session, AgencyScore, rows)
    return len(rows)


def _insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), _INSERT_BATCH):
        session.execute(insert(model), rows[start:start + _INSERT_BATCH])


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert dataset scores, replacing a row another transaction wrote meanwhile (two publishes of
    one dataset, or a publish during the daily recompute, on PostgreSQL): the newest score wins."""
    dialect = session.get_bind().dialect.name
    insert_into = postgresql_insert if dialect == "postgresql" else sqlite_insert
    for start in range(0, len(rows), _INSERT_BATCH):
        statement = insert_into(DatasetScore)
        statement = statement.on_conflict_do_update(
            index_elements=[DatasetScore.dataset_id],
            set_={column: statement.excluded[column] for column in ("agency_id", "version_id", "rubric_version", "score",
                                                                    "band", "principles", "checks", "computed_at")},
        )
        session.execute(statement, rows[start:start + _INSERT_BATCH])


def _run(check: Check, subject: Any, context: Context) -> Outcome:
    try:
        return check.run(subject, context)
    except Exception as error:  # noqa: BLE001 - a faulty check plugin is reported, never fatal to scoring
        log.exception("compliance check %s failed on %s", check.id, getattr(subject, "slug", subject))
        return Outcome(None, evidence("check-failed", error=type(error).__name__))


def _percent(total: float, weight: float) -> float:
    return round(100 * total / weight, 1) if weight else 0.0
