"""The CKAN actions: one function per action, read-only, published and listed datasets only."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from publisher.errors import NotFound, PublisherError
from publisher.queries import catalogue

from ..context import platform
from . import fq, shapes

__all__ = ["blueprint"]


blueprint = Blueprint("ckan_api", __name__)

CKAN_VERSION = "2.10.0"
"""The CKAN API this imitates (some clients branch on it); `opendata_api` beside it names our own API."""
MAX_ROWS = 1000
"""CKAN's ``ckan.search.rows_max`` default."""
SORTS = {
    "score desc, metadata_modified desc": "relevance",
    "score desc": "relevance",
    "relevance asc": "relevance",
    "metadata_modified desc": "updated",
    "metadata_created desc": "newest",
    "title_string asc": "title",
    "name asc": "name",
    "id asc": "id",
}

Action = Callable[[dict[str, Any]], Any]
ACTIONS: dict[str, Action] = {}


class ValidationError(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


class SearchQueryError(Exception):
    pass


def action(function: Action) -> Action:
    ACTIONS[function.__name__] = function
    return function


@blueprint.route("/api/3/action/<name>", methods=["GET", "POST"])
@blueprint.route("/api/action/<name>", methods=["GET", "POST"])
def call(name: str) -> tuple[Response, int]:
    help_url = f"{request.url_root}api/3/action/help_show?name={name}"
    function = ACTIONS.get(name)
    if function is None:
        return jsonify(f"Bad request - Action name not known: {name}"), 400
    try:
        result = function(_parameters())
    except ValidationError as error:
        return _error(help_url, 409, {"__type": "Validation Error", **error.errors})
    except SearchQueryError as error:
        return _error(help_url, 409, {"__type": "Search Query Error", "message": f"Search Query is invalid: {error}"})
    except NotFound:
        return _error(help_url, 404, {"__type": "Not Found Error", "message": "Not found"})
    except PublisherError as error:
        return _error(help_url, 409, {"__type": "Validation Error", "message": error.code})
    response = jsonify(help=help_url, success=True, result=result)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response, 200


def _error(help_url: str, status: int, error: dict[str, Any]) -> tuple[Response, int]:
    response = jsonify(help=help_url, success=False, error=error)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response, status


def _parameters() -> dict[str, Any]:
    """Query string, form fields and a JSON body (ckanapi POSTs JSON), later ones winning."""
    parameters: dict[str, Any] = dict(request.args.items())
    if request.method == "POST":
        parameters.update(request.form.items())
        if request.is_json or (request.data and not request.form):
            try:
                body = json.loads(request.get_data(cache=False) or b"{}")
            except (ValueError, RecursionError) as error:
                raise ValidationError({"body": ["JSON body could not be read"]}) from error
            if not isinstance(body, dict):
                raise ValidationError({"body": ["JSON body must be an object"]})
            parameters.update(body)
    return parameters


def _integer(parameters: dict[str, Any], name: str, default: int | None, *, low: int = 0, high: int | None = None) -> int | None:
    value = parameters.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({name: ["Invalid integer"]}) from None
    if number < low:
        raise ValidationError({name: ["Must be a natural number" if low == 0 else f"Must be at least {low}"]})
    return min(number, high) if high is not None else number


def _flag(parameters: dict[str, Any], name: str, default: bool) -> bool:
    value = parameters.get(name)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "on")


def _required(parameters: dict[str, Any], name: str, key: str | None = None) -> str:
    value = parameters.get(name)
    if value is None or str(value).strip() == "":
        raise ValidationError({key or name: ["Missing value"]})
    return str(value).strip()


@action
def help_show(parameters: dict[str, Any]) -> str:
    name = _required(parameters, "name")
    function = ACTIONS.get(name)
    if function is None:
        raise NotFound("action-not-found", name=name)
    return (function.__doc__ or name).strip()


@action
def status_show(parameters: dict[str, Any]) -> dict[str, Any]:
    """This site's title and the CKAN API it answers."""
    settings = platform().settings
    return {
        "site_title": "Open data",
        "site_description": "",
        "site_url": (settings.public_url or request.host_url).rstrip("/"),
        "ckan_version": CKAN_VERSION,
        "error_emails_to": None,
        "locale_default": settings.default_locale,
        "extensions": [],
        "opendata_api": url_for("api_v1.dataset_list", _external=True),
    }


@action
def package_list(parameters: dict[str, Any]) -> list[str]:
    """Names of the published datasets, A–Z; ``limit`` and ``offset`` page them."""
    limit = _integer(parameters, "limit", None)
    offset = _integer(parameters, "offset", 0) or 0
    return catalogue.package_names(platform(), limit=limit, offset=offset)


@action
def package_show(parameters: dict[str, Any]) -> dict[str, Any]:
    """A published dataset by name or id, with its resources (the current version's files)."""
    name = _required(parameters, "id", "name_or_id")
    return shapes.package(catalogue.package(platform(), name))


@action
def package_search(parameters: dict[str, Any]) -> dict[str, Any]:
    """Full-text search (q), filters (fq on organization, tags, res_format, license_id and our facets,
    metadata_modified ranges), rows, start, sort, facet.field and facet.limit, as CKAN answers them."""
    rows = _integer(parameters, "rows", 10, high=MAX_ROWS)
    start = _integer(parameters, "start", 0)
    q = str(parameters.get("q") or "").strip()
    if q in ("*:*", "*"):
        q = ""
    sort_text = re.sub(r"\s+", " ", str(parameters.get("sort") or "score desc, metadata_modified desc").strip().lower())
    sort = SORTS.get(sort_text)
    if sort is None:
        raise SearchQueryError(f"cannot sort by “{sort_text}”; try one of: {', '.join(SORTS)}")
    try:
        filters = fq.parse(str(parameters.get("fq") or ""))
    except fq.QueryError as error:
        raise SearchQueryError(str(error)) from error
    requested = _facet_fields(parameters) if _flag(parameters, "facet", True) else []
    facet_limit = _integer(parameters, "facet.limit", 50, low=-1)
    ours = {name: fq.facet_name(name) for name in requested}
    found = catalogue.package_search(
        platform(), q=q, filters=filters.include, exclude=filters.exclude, modified_since=filters.modified_since,
        sort=sort, start=start or 0, rows=rows if rows is not None else 10,
        facets=[name for name in ours.values() if name], facet_limit=facet_limit if facet_limit and facet_limit > 0 else 10_000,
    )
    facets: dict[str, dict[str, int]] = {}
    search_facets: dict[str, dict[str, Any]] = {}
    for name, facet in ours.items():
        values = found.facets.get(facet, []) if facet else []
        facets[name] = {item.value: item.count for item in values}
        search_facets[name] = {"title": name, "items": [
            {"name": item.value, "display_name": _display(facet, item.value, found.labels), "count": item.count}
            for item in values
        ]}
    return {
        "count": found.count,
        "facets": facets,
        "results": [shapes.package(item) for item in found.results],
        "sort": sort_text,
        "search_facets": search_facets,
    }


def _facet_fields(parameters: dict[str, Any]) -> list[str]:
    value = parameters.get("facet.field")
    if value is None or value == "":
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ValidationError({"facet.field": ["Not a JSON list"]}) from None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError({"facet.field": ["Not a list of strings"]})
    return list(dict.fromkeys(value))


def _display(facet: str | None, value: str, labels: dict[tuple[str, str], str]) -> str:
    if facet == "licence":
        return shapes.licence_title(value)
    return labels.get((facet or "", value), value)


@action
def organization_list(parameters: dict[str, Any]) -> list[Any]:
    """The agencies: names, or with ``all_fields`` their details and published dataset counts."""
    items = catalogue.organisations(platform())
    sort = re.sub(r"\s+", " ", str(parameters.get("sort") or "name asc").strip().lower())
    if sort.startswith("package_count"):
        items.sort(key=lambda item: (-item.package_count, item.slug))
    elif sort.startswith("title"):
        items.sort(key=lambda item: item.name)
    if sort.endswith(" desc") and not sort.startswith("package_count"):
        items.reverse()
    offset = _integer(parameters, "offset", 0) or 0
    limit = _integer(parameters, "limit", None)
    items = items[offset:offset + limit if limit is not None else None]
    if _flag(parameters, "all_fields", False):
        return [shapes.organisation(item) for item in items]
    return [item.slug for item in items]


@action
def organization_show(parameters: dict[str, Any]) -> dict[str, Any]:
    """An agency by name or id; ``include_datasets`` adds its published datasets."""
    name = _required(parameters, "id")
    found, packages = catalogue.organisation(platform(), name)
    body = {**shapes.organisation(found), "users": [], "groups": [], "tags": [], "extras": []}
    if _flag(parameters, "include_datasets", False):
        body["packages"] = [shapes.package(item) for item in packages]
    return body


@action
def current_package_list_with_resources(parameters: dict[str, Any]) -> list[dict[str, Any]]:
    """Published datasets with their resources, most recently updated first; ``limit`` and ``offset`` page them."""
    limit = _integer(parameters, "limit", MAX_ROWS, high=MAX_ROWS) or MAX_ROWS
    offset = _integer(parameters, "offset", 0) or 0
    return [shapes.package(item) for item in catalogue.packages(platform(), limit=limit, offset=offset)]

