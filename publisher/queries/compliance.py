"""Read compliance scores: the league table, an agency's drill-down, a dataset's checks, the rubric.

Everything here is public: only published datasets are scored, and a score says nothing a
visitor could not see on the dataset's page. Agencies and their history come from the newest
``AgencyScore`` row of each agency; checks and evidence from the datasets' ``DatasetScore`` rows.

The JSON shape (``/api/v1/compliance``, ``/api/v1/agencies/<slug>/compliance``) is the dict these
functions return: each agency carries ``slug``, ``score``, ``band`` and ``principles`` (the six,
each with its ``score`` and ``checks``, each check with its ``evidence``, one item per dataset
that falls short, or the agency's own for agency-level checks).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..errors import NotFound
from ..models import Agency, AgencyLevel, AgencyScore, Dataset, DatasetScore, DatasetVersion, InventoryItem
from ..platform import Platform
from ..compliance.evidence import describe
from ..compliance.rubric import AGENCY, PRINCIPLES, Rubric, load_rubric
from ..schemas import SharedSchema, load_schemas

__all__ = ["AGENCY", "PRINCIPLES", "agency_compliance", "evidence_text", "compliance_report", "dataset_compliance", "export_rows", "league", "methodology",
           "shared_schemas"]

HISTORY_POINTS = 90
TREND_POINTS = 30


def league(platform: Platform, *, level: str | None = None, parent: str | None = None, trend: bool = False) -> list[dict[str, Any]]:
    """Agencies ranked by their current score (unscored agencies last), filtered by level and parent;
    with ``trend``, each carries its last ``TREND_POINTS`` scores, oldest first."""
    with platform.db.read() as session:
        rows = [_agency_head(row, agency, parent_slug) for row, agency, parent_slug in _current(session, level=level, parent=parent)]
        if trend:
            points = _trends(session)
            for row in rows:
                row["trend"] = points.get(row["slug"], [])
        return rows


def compliance_report(platform: Platform, *, agency: str | None = None) -> dict[str, Any]:
    """Every agency (or one) with its principles, checks and evidence: the auditor's full picture."""
    rubric = load_rubric()
    with platform.db.read() as session:
        rows = _current(session, slug=agency)
        if agency is not None and not rows:
            raise NotFound("agency-not-found", slug=agency)
        scores = _dataset_scores(session, [agency_row.id for _, agency_row, _ in rows])
        return {
            "rubric_version": rubric.version,
            "agencies": [_agency_full(row, agency_row, parent_slug, scores.get(agency_row.id, []), rubric)
                         for row, agency_row, parent_slug in rows],
        }


def agency_compliance(platform: Platform, slug: str) -> dict[str, Any]:
    """One agency's full picture, with its history (oldest first) for the trend chart, and its
    open data inventory (each item with its dataset, first publication and whether it was on time)."""
    report = compliance_report(platform, agency=slug)
    agency = report["agencies"][0]
    with platform.db.read() as session:
        history = session.execute(
            select(AgencyScore.computed_at, AgencyScore.score, AgencyScore.band, AgencyScore.rubric_version, AgencyScore.trigger)
            .join(Agency, Agency.id == AgencyScore.agency_id)
            .where(Agency.slug == slug)
            .order_by(AgencyScore.computed_at.desc(), AgencyScore.id.desc())
            .limit(HISTORY_POINTS)
        ).all()
        first = (select(DatasetVersion.dataset_id, func.min(DatasetVersion.published_at).label("first"))
                 .where(DatasetVersion.published_at.is_not(None)).group_by(DatasetVersion.dataset_id).subquery())
        inventory = [
            {"id": item_id, "title": title, "description": description, "due": due.isoformat(), "dataset": dataset_slug,
             "published": published.date().isoformat() if published else None,
             "on_time": bool(published and published.date() <= due)}
            for item_id, title, description, due, dataset_slug, published in session.execute(
                select(InventoryItem.id, InventoryItem.title, InventoryItem.description, InventoryItem.due, Dataset.slug, first.c.first)
                .join(Agency, Agency.id == InventoryItem.agency_id)
                .outerjoin(Dataset, Dataset.id == InventoryItem.dataset_id)
                .outerjoin(first, first.c.dataset_id == InventoryItem.dataset_id)
                .where(Agency.slug == slug)
                .order_by(InventoryItem.due, InventoryItem.id))
        ]
    agency["inventory"] = inventory
    agency["history"] = [
        {"computed_at": at.isoformat(), "score": score, "band": band, "rubric_version": version, "trigger": trigger}
        for at, score, band, version, trigger in reversed(history)
    ]
    return {"rubric_version": report["rubric_version"], **agency}


def dataset_compliance(platform: Platform, slug: str) -> dict[str, Any]:
    """A published dataset's score, principle by principle, every check with its evidence and fix."""
    rubric = load_rubric()
    with platform.db.read() as session:
        row = session.execute(
            select(DatasetScore, Dataset.slug, Dataset.title, Agency.slug, Agency.name)
            .join(Dataset, Dataset.id == DatasetScore.dataset_id)
            .join(Agency, Agency.id == Dataset.agency_id)
            .where(Dataset.slug == slug)
        ).first()
        if row is None:
            raise NotFound("dataset-not-found", slug=slug)
        score, dataset_slug, title, agency_slug, agency_name = row
        principles = {name: {"score": score.principles.get(name), "checks": []} for name in PRINCIPLES}
        for check in score.checks:
            if check["principle"] in principles:
                principles[check["principle"]]["checks"].append({**check, **_texts(rubric, check["id"])})
        return {
            "slug": dataset_slug, "title": title, "agency": agency_slug, "agency_name": agency_name,
            "score": score.score, "band": rubric.band(score.score).id, "rubric_version": score.rubric_version,
            "computed_at": score.computed_at.isoformat(), "principles": principles,
        }


def evidence_text(evidence: dict[str, Any], gettext: Any) -> str:
    """A piece of evidence as a sentence in the reader's language."""
    return describe(evidence, gettext)


def methodology() -> Rubric:
    return load_rubric()


def shared_schemas() -> list[SharedSchema]:
    """The shared schema registry, by id (for the dataset edit form and the methodology page)."""
    return list(load_schemas().values())


def export_rows(platform: Platform, *, agency: str | None = None) -> list[dict[str, Any]]:
    """One row per agency × dataset × check (and agency × agency check): what the CSV and XLSX hold."""
    report = compliance_report(platform, agency=agency)
    rows = []
    for item in report["agencies"]:
        base = {"agency": item["slug"], "agency_name": item["name"], "level": item["level"],
                "agency_score": item["score"], "band": item["band"], "rubric_version": item["rubric_version"]}
        for principle, block in item["principles"].items():
            for check in block["checks"]:
                for evidence in check["evidence"]:
                    rows.append({**base, "principle": principle, "check": check["id"], "check_title": check["title"],
                                 "weight": check["weight"], "dataset": evidence.get("dataset", ""),
                                 "dataset_title": evidence.get("title", ""), "score": evidence["score"],
                                 "evidence": evidence["evidence"], "fix": check["fix"]})
    return rows


# Reading ---------------------------------------------------------------------------------------


def _current(session: Session, *, level: str | None = None, parent: str | None = None, slug: str | None = None) -> list[Any]:
    newest = (select(AgencyScore.agency_id, func.max(AgencyScore.id).label("id")).group_by(AgencyScore.agency_id).subquery())
    parent_agency = aliased(Agency)
    query = (
        select(AgencyScore, Agency, parent_agency.slug)
        .select_from(Agency)
        .outerjoin(newest, newest.c.agency_id == Agency.id)
        .outerjoin(AgencyScore, AgencyScore.id == newest.c.id)
        .outerjoin(parent_agency, parent_agency.id == Agency.parent_id)
    )
    if level:
        query = query.where(Agency.level == AgencyLevel(level))
    if parent:
        query = query.where(parent_agency.slug == parent)
    if slug:
        query = query.where(Agency.slug == slug)
    rows = session.execute(query).all()
    return sorted(rows, key=lambda row: (row[0] is None, -(row[0].score if row[0] else 0), row[1].name))


def _trends(session: Session) -> dict[str, list[float]]:
    """Each agency's last TREND_POINTS scores, in one query over the newest history rows."""
    ranked = select(
        AgencyScore.agency_id, AgencyScore.score, AgencyScore.id,
        func.row_number().over(partition_by=AgencyScore.agency_id, order_by=AgencyScore.id.desc()).label("age"),
    ).subquery()
    query = (select(Agency.slug, ranked.c.score).join(Agency, Agency.id == ranked.c.agency_id)
             .where(ranked.c.age <= TREND_POINTS).order_by(ranked.c.agency_id, ranked.c.id))
    trends: dict[str, list[float]] = defaultdict(list)
    for slug, score in session.execute(query):
        trends[slug].append(score)
    return trends


def _dataset_scores(session: Session, agency_ids: list[int]) -> dict[int, list[Any]]:
    by_agency: dict[int, list[Any]] = defaultdict(list)
    query = (select(DatasetScore.agency_id, Dataset.slug, Dataset.title, DatasetScore.score, DatasetScore.principles, DatasetScore.checks)
             .join(Dataset, Dataset.id == DatasetScore.dataset_id).order_by(DatasetScore.score, Dataset.slug))
    if agency_ids:
        query = query.where(DatasetScore.agency_id.in_(agency_ids))
    for agency_id, *rest in session.execute(query):
        by_agency[agency_id].append(rest)
    return by_agency


def _agency_head(row: AgencyScore | None, agency: Agency, parent_slug: str | None) -> dict[str, Any]:
    return {
        "slug": agency.slug,
        "name": agency.name,
        "level": agency.level.value,
        "parent": parent_slug,
        "score": row.score if row else None,
        "band": row.band if row else None,
        "principle_scores": dict(row.principles) if row else {},
        "datasets": row.datasets if row else 0,
        "rubric_version": row.rubric_version if row else None,
        "computed_at": row.computed_at.isoformat() if row else None,
    }


def _agency_full(row: AgencyScore | None, agency: Agency, parent_slug: str | None, datasets: list[Any], rubric: Rubric) -> dict[str, Any]:
    head = _agency_head(row, agency, parent_slug)
    principle_scores = head.pop("principle_scores")
    checks: dict[str, dict[str, Any]] = {}
    for check in rubric.checks:
        checks[check.id] = {"id": check.id, "weight": check.weight, "score": None, "datasets": 0,
                            "evidence": [], **_texts(rubric, check.id), "_sum": 0.0}
    for slug, title, score, _principles, results in datasets:
        for result in results:
            entry = checks.get(result["id"])
            if entry is None or result["score"] is None:
                continue
            entry["datasets"] += 1
            entry["_sum"] += result["score"]
            if result["score"] < 1:
                entry["evidence"].append({"dataset": slug, "title": title, "dataset_score": score,
                                          "score": round(result["score"], 4), "evidence": result["evidence"]})
    for result in (row.checks if row else []):
        entry = checks.get(result["id"])
        if entry is not None:
            entry["score"] = result["score"]
            entry["evidence"] = [{"score": result["score"], "evidence": result["evidence"]}]
    principles: dict[str, Any] = {name: {"score": principle_scores.get(name), "checks": []} for name in (*PRINCIPLES, AGENCY)}
    for check in rubric.checks:
        entry = checks[check.id]
        total = entry.pop("_sum")
        if check.principle != AGENCY and entry["datasets"]:
            entry["score"] = round(total / entry["datasets"], 4)
        principles[check.principle]["checks"].append(entry)
    principles[AGENCY]["score"] = None
    if row and row.checks:
        applicable = [(result["weight"], result["score"]) for result in row.checks if result["score"] is not None]
        weights = sum(weight for weight, _ in applicable)
        principles[AGENCY]["score"] = round(100 * sum(weight * score for weight, score in applicable) / weights, 1) if weights else None
    return {**head, "principles": principles}


def _texts(rubric: Rubric, check_id: str) -> dict[str, Any]:
    check = rubric.check(check_id)
    return {"title": check.title, "fix": check.fix, "how": check.how}
