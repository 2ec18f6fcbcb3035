"""The JSON twins of the source pages, under /api/v1: sources, their runs and items; adding a source
and asking for a run by token. Same envelope and error shape as ``api_v1``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import gettext as _

from publisher import messages
from publisher.errors import InvalidInput
from publisher.queries import sources as source_queries
from publisher.queries.views import RunSummary, SourceSummary
from publisher.services import sources

from ..context import actor, platform
from .api_v1 import _json_body, _plain

__all__ = ["blueprint"]

blueprint = Blueprint("api_sources", __name__)


def _summary(item: SourceSummary) -> dict[str, Any]:
    body = _plain(item)
    if item.last_error_code:
        body["last_error_message"] = messages.harvest_message(item.last_error_code, item.last_error_params, _)
    body["url"] = url_for(".source", source_id=item.id, _external=True)
    body["page"] = url_for("sources.source", source_id=item.id, _external=True)
    return body


def _run(item: RunSummary) -> dict[str, Any]:
    body = _plain(item)
    if item.error_code:
        body["error_message"] = messages.harvest_message(item.error_code, item.error_params, _)
    body["url"] = url_for(".run", source_id=item.source_id, run_id=item.id, _external=True)
    return body


@blueprint.route("/agencies/<slug>/sources", methods=["GET"])
def agency_sources(slug: str) -> Response:
    items = source_queries.agency_sources(platform(), actor(), slug)
    return jsonify(count=len(items), results=[_summary(item) for item in items])


@blueprint.route("/agencies/<slug>/sources", methods=["POST"])
def source_create(slug: str) -> tuple[Response, int]:
    """JSON: ``type``, ``url``, and optionally ``name``, ``options`` (an object), ``schedule``."""
    body = _json_body()
    options = body.get("options") or {}
    if not isinstance(options, dict):
        raise InvalidInput({"options": "wrong-type"})
    schedule = body.get("schedule")
    created = sources.source_create(platform(), actor(), agency=slug, type=str(body.get("type") or ""),
                                    url=str(body.get("url") or ""), name=body.get("name") or None, options=options,
                                    schedule=None if schedule is None else str(schedule))
    response = jsonify(_detail(created.id))
    response.headers["Location"] = url_for(".source", source_id=created.id, _external=True)
    return response, 201


def _detail(source_id: int) -> dict[str, Any]:
    detail = source_queries.source_detail(platform(), actor(), source_id)
    return {
        **_summary(detail.summary),
        "address": detail.url,
        "options": detail.options,
        "type_title": detail.type_title,
        "created_at": _plain(detail.created_at),
        "runs": [_run(run) for run in detail.runs],
        "links": {"runs": url_for(".runs", source_id=source_id, _external=True)},
    }


@blueprint.route("/sources/<int:source_id>")
def source(source_id: int) -> Response:
    return jsonify(_detail(source_id))


@blueprint.route("/sources/<int:source_id>/runs", methods=["GET"])
def runs(source_id: int) -> Response:
    items = source_queries.source_runs(platform(), actor(), source_id)
    return jsonify(count=len(items), results=[_run(item) for item in items])


@blueprint.route("/sources/<int:source_id>/runs", methods=["POST"])
def run_create(source_id: int) -> tuple[Response, int]:
    """Run now. JSON (all optional): ``dry_run`` (test: fetch and check, publish nothing),
    ``max_items``, ``wait`` (default true: answer when the run has ended, 201; false: 202 at once)."""
    body = _json_body() if request.get_data() else {}
    max_items = body.get("max_items")
    if max_items is not None and (not isinstance(max_items, int) or max_items < 1):
        raise InvalidInput({"max_items": "too-small"})
    if body.get("dry_run"):
        ref = sources.source_test(platform(), actor(), source_id=source_id, max_items=max_items or sources.PREVIEW_ITEMS)
        wait = True
    else:
        wait = body.get("wait", True) is not False
        ref = sources.harvest_run(platform(), actor(), source_id=source_id, max_items=max_items, wait=wait)
    response = jsonify(_run_body(source_id, ref.id))
    response.headers["Location"] = url_for(".run", source_id=source_id, run_id=ref.id, _external=True)
    return response, 201 if wait else 202


def _run_body(source_id: int, run_id: int) -> dict[str, Any]:
    detail = source_queries.run_detail(platform(), actor(), source_id, run_id, status=request.args.get("status"))
    items = []
    for item in detail.items:
        body = _plain(item)
        if item.error_code:
            body["error_message"] = messages.harvest_message(item.error_code, item.error_params, _)
        if item.dataset_slug:
            body["dataset"] = url_for("api_v1.dataset", slug=item.dataset_slug, _external=True)
        items.append(body)
    return {**_run(detail.summary), "log_excerpt": detail.log_excerpt, "items": items}


@blueprint.route("/sources/<int:source_id>/runs/<int:run_id>")
def run(source_id: int, run_id: int) -> Response:
    return jsonify(_run_body(source_id, run_id))
