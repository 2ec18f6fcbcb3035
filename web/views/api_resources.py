"""The JSON API for a version's data: pages of rows, downloads as CSV, XLSX or JSON, and diffs.

Downloads carry their content hash as ETag and answer ``If-None-Match`` with 304. A numbered
version never changes, so its files are cached as immutable; the current version's for a minute.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from publisher.errors import InvalidInput
from publisher.queries import resources
from publisher.queries.resources import RowsPage, VersionDiff

from ..context import actor, platform
from .api_v1 import _send

__all__ = ["blueprint", "diff_body", "rows_body"]

blueprint = Blueprint("api_resources", __name__)

FORMATS = "any(csv, xlsx, json)"


@blueprint.route(f"/datasets/<slug>/resources/<name>.<{FORMATS}:fmt>")
def current_file(slug: str, name: str, fmt: str) -> Response:
    ref = resources.resource_export(platform(), actor(), slug, name, fmt)
    return _send(ref, immutable=False, attachment=fmt == "xlsx")


@blueprint.route(f"/datasets/<slug>/versions/<int:number>/resources/<name>.<{FORMATS}:fmt>")
def version_file(slug: str, number: int, name: str, fmt: str) -> Response:
    ref = resources.resource_export(platform(), actor(), slug, name, fmt, number=number)
    return _send(ref, immutable=True, attachment=fmt == "xlsx")


@blueprint.route("/datasets/<slug>/resources/<name>/rows")
def current_rows(slug: str, name: str) -> Response:
    page = resources.resource_rows(platform(), actor(), slug, name, page=_int("page", 1), per_page=_int("per_page", 50))
    return jsonify(rows_body(slug, page, current=True))


@blueprint.route("/datasets/<slug>/versions/<int:number>/resources/<name>/rows")
def version_rows(slug: str, number: int, name: str) -> Response:
    page = resources.resource_rows(
        platform(), actor(), slug, name, number=number, page=_int("page", 1), per_page=_int("per_page", 50)
    )
    return jsonify(rows_body(slug, page, current=False))


@blueprint.route("/datasets/<slug>/diff")
def diff(slug: str) -> Response:
    before, after = _version_arg("from"), _version_arg("to")
    return jsonify(diff_body(resources.version_diff(platform(), actor(), slug, before, after)))


def rows_body(slug: str, page: RowsPage, *, current: bool) -> dict[str, Any]:
    endpoint = ".current_rows" if current else ".version_rows"
    where: dict[str, Any] = {"slug": slug, "name": page.resource}
    if not current:
        where["number"] = page.number

    def link(number: int) -> str | None:
        if number < 1 or number > page.pages:
            return None
        return url_for(f"api_resources{endpoint}", **where, page=number, per_page=page.per_page, _external=True)

    return {
        "resource": page.resource,
        "version": page.number,
        "count": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "pages": page.pages,
        "next": link(page.page + 1),
        "previous": link(page.page - 1),
        "fields": page.fields,
        "results": [dict(zip(page.header, row)) for row in page.rows],
    }


def diff_body(result: VersionDiff) -> dict[str, Any]:
    return {
        "dataset": result.slug,
        "from": result.before,
        "to": result.after,
        "unchanged": result.unchanged,
        "resources": result.resources,
        "links": {
            "from": url_for("api_v1.version", slug=result.slug, number=result.before, _external=True),
            "to": url_for("api_v1.version", slug=result.slug, number=result.after, _external=True),
            "page": url_for("site.diff", slug=result.slug, **{"from": result.before, "to": result.after}, _external=True),
        },
    }


def _int(name: str, default: int) -> int:
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput({name: "invalid-number"})
    return int(value)


def _version_arg(name: str) -> int:
    value = request.args.get(name, "")
    if not value.isdigit() or int(value) < 1:
        raise InvalidInput({name: "invalid-version-number"})
    return int(value)
