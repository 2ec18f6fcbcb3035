"""Public pages: home, datasets, agencies, health. Each list and detail page has a JSON twin
under /api/v1, announced in a ``Link: rel="alternate"`` header."""

from __future__ import annotations

from flask import Blueprint, jsonify, make_response, render_template, request, url_for
from werkzeug.wrappers import Response

from publisher.queries import agencies, catalog, datasets, health, home, pushes

from ..context import actor, platform

__all__ = ["blueprint", "with_twin"]

blueprint = Blueprint("site", __name__)


def with_twin(html: str, api_url: str) -> Response:
    response = make_response(html)
    response.headers["Link"] = f'<{api_url}>; rel="alternate"; type="application/json"'
    return response


@blueprint.route("/")
def index() -> Response:
    view = home.home(platform(), actor())
    return with_twin(render_template("index.html", home=view), url_for("api_v1.dataset_list"))


@blueprint.route("/datasets")
def dataset_list() -> Response:
    q = request.args.get("q", "").strip()
    agency = request.args.get("agency") or None
    page = request.args.get("page", 1, type=int)
    result = datasets.dataset_list(platform(), actor(), q=q, agency=agency, page=page)
    html = render_template("datasets.html", page=result, q=q, agency=agency)
    return with_twin(html, url_for("api_v1.dataset_list", q=q or None, agency=agency, page=page))


@blueprint.route("/datasets/<slug>")
def dataset(slug: str) -> Response:
    detail = datasets.dataset_detail(platform(), actor(), slug)
    described = None if detail.summary.withdrawn_at else catalog.dataset_schemaorg(
        platform(), actor(), slug, base_url=request.url_root)
    html = render_template("dataset.html", dataset=detail, schemaorg=described,
                           pushed=pushes.push_status(platform(), actor(), slug))
    return with_twin(html, url_for("api_v1.dataset", slug=slug))


@blueprint.route("/datasets/<slug>/versions/<int:number>")
def version(slug: str, number: int) -> Response:
    detail = datasets.dataset_detail(platform(), actor(), slug)
    version_view = datasets.version_detail(platform(), actor(), slug, number)
    report = datasets.version_report(platform(), actor(), slug, number)
    html = render_template("version.html", dataset=detail, version=version_view, report=report)
    return with_twin(html, url_for("api_v1.version", slug=slug, number=number))


@blueprint.route("/agencies")
def agency_list() -> Response:
    items = agencies.agency_list(platform(), actor())
    return with_twin(render_template("agencies.html", agencies=items), url_for("api_v1.agency_list"))


@blueprint.route("/agencies/<slug>")
def agency(slug: str) -> Response:
    detail = agencies.agency_detail(platform(), actor(), slug)
    return with_twin(render_template("agency.html", agency=detail), url_for("api_v1.agency", slug=slug))


@blueprint.route("/healthz")
def healthz() -> tuple[Response, int]:
    """For monitoring: 200 when the database and the store answer, 503 otherwise."""
    status = health.check(platform())
    return jsonify(status), 200 if status["status"] == "ok" else 503
