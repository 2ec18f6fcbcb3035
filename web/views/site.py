"""Public pages: home, datasets, agencies, health. Each list and detail page has a JSON twin
under /api/v1, announced in a ``Link: rel="alternate"`` header."""

from __future__ import annotations

from flask import Blueprint, jsonify, make_response, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from publisher.errors import InvalidInput, NotFound
from publisher.queries import agencies, catalog, datasets, health, home, pushes, resources
from publisher.queries.resources import RowsPage
from publisher.queries.views import VersionDetail

from .. import search
from ..context import actor, platform

__all__ = ["blueprint", "with_twin"]

blueprint = Blueprint("site", __name__)

FACET_TITLES = {
    "agency": _l("Agency"),
    "level": _l("Level"),
    "province": _l("Province or city"),
    "format": _l("Original format"),
    "licence": _l("Licence"),
    "tag": _l("Tag"),
    "band": _l("Compliance band"),
}
"""Headings of the facets on /datasets; a facet added to ``publisher.search.FACETS`` needs one here."""
SORT_TITLES = {
    "relevance": _l("Relevance"),
    "title": _l("Title (A–Z)"),
    "newest": _l("Newest"),
    "updated": _l("Recently updated"),
}


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
    query = search.arguments()
    if query["sort"] not in SORT_TITLES:
        query["sort"] = "relevance"  # a hand-edited address: the page shows its default (the API refuses, 422)
    result = datasets.dataset_list(platform(), actor(), **query)
    html = render_template("datasets.html", page=result, facet_titles=FACET_TITLES, sorts=SORT_TITLES,
                           link=search.link_arguments, toggled=search.toggled)
    twin = url_for("api_v1.dataset_list", **search.link_arguments(result.q, result.filters, result.sort, page=result.page))
    return with_twin(html, twin)


PREVIEW_ROWS = 20


def _previews(slug: str, version: VersionDetail | None) -> dict[str, RowsPage]:
    """The first page of each table, or the page asked for (``?preview=<table>&page=N``) of one."""
    if version is None:
        return {}
    wanted = request.args.get("preview")
    page = request.args.get("page", 1, type=int) or 1
    previews = {}
    for resource in version.resources:
        try:
            previews[resource.name] = resources.resource_rows(
                platform(), actor(), slug, resource.name, number=version.number,
                page=page if resource.name == wanted else 1, per_page=PREVIEW_ROWS,
            )
        except NotFound:  # the store lost the table (logged for the operator): the page still answers
            continue
    return previews


@blueprint.route("/datasets/<slug>")
def dataset(slug: str) -> Response:
    detail = datasets.dataset_detail(platform(), actor(), slug)
    current = detail.current if not detail.summary.withdrawn_at else None
    described = None if detail.summary.withdrawn_at else catalog.dataset_schemaorg(
        platform(), actor(), slug, base_url=request.url_root)
    html = render_template("dataset.html", dataset=detail, previews=_previews(slug, current), schemaorg=described,
                           pushed=pushes.push_status(platform(), actor(), slug))
    return with_twin(html, url_for("api_v1.dataset", slug=slug))


@blueprint.route("/datasets/<slug>/versions/<int:number>")
def version(slug: str, number: int) -> Response:
    detail = datasets.dataset_detail(platform(), actor(), slug)
    version_view = datasets.version_detail(platform(), actor(), slug, number)
    report = datasets.version_report(platform(), actor(), slug, number)
    html = render_template("version.html", dataset=detail, version=version_view, report=report,
                           previews=_previews(slug, version_view))
    return with_twin(html, url_for("api_v1.version", slug=slug, number=number))


@blueprint.route("/datasets/<slug>/diff")
def diff(slug: str) -> Response:
    """Compare two versions; without ``from`` and ``to``, the latest with the one before it."""
    detail = datasets.dataset_detail(platform(), actor(), slug)
    numbers = [version.number for version in detail.versions]
    before = _version_arg("from", numbers[1] if len(numbers) > 1 else (numbers[0] if numbers else 1))
    after = _version_arg("to", numbers[0] if numbers else 1)
    result = resources.version_diff(platform(), actor(), slug, before, after)
    html = render_template("diff.html", dataset=detail, diff=result, numbers=numbers)
    return with_twin(html, url_for("api_resources.diff", slug=slug, **{"from": before, "to": after}))


def _version_arg(name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput({name: "invalid-version-number"})
    return int(value)


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
