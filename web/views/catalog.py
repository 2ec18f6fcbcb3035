"""DCAT-AP: the catalogue at /catalog.ttl|.jsonld|.rdf (paged, ``modified_since``), and each dataset
at /datasets/<slug>.ttl|.jsonld|.rdf. The graphs come from ``publisher.queries.catalog``; this
module only picks the format and the page."""

from __future__ import annotations

from flask import Blueprint, request, url_for
from werkzeug.wrappers import Response

from publisher.queries import catalog

from ..context import actor, platform

__all__ = ["blueprint"]

blueprint = Blueprint("catalog", __name__)
EXTENSIONS = "any(ttl, jsonld, rdf)"


def _rdf(body: bytes, extension: str) -> Response:
    _rdflib_format, media_type = catalog.FORMATS[extension]
    response = Response(body, mimetype=media_type)
    response.headers["Access-Control-Allow-Origin"] = "*"  # open metadata, read by harvesters in browsers too
    return response


@blueprint.route(f"/catalog.<{EXTENSIONS}:extension>")
def catalog_page(extension: str) -> Response:
    page = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 100, type=int)
    modified_since = request.args.get("modified_since") or None

    def page_link(number: int) -> str:
        return url_for("catalog.catalog_page", extension=extension, page=number,
                       per_page=per_page if per_page != 100 else None, modified_since=modified_since, _external=True)

    etag = catalog.catalog_etag(platform(), actor(), base_url=request.url_root, extension=extension, page=page,
                                per_page=per_page, modified_since=modified_since)
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = _rdf(catalog.catalog_rdf(platform(), actor(), base_url=request.url_root, extension=extension,
                                            page_link=page_link, page=page, per_page=per_page,
                                            modified_since=modified_since), extension)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"  # may be kept, but asked about each time
    return response


@blueprint.route(f"/datasets/<slug>.<{EXTENSIONS}:extension>")
def dataset(slug: str, extension: str) -> Response:
    body = catalog.dataset_rdf(platform(), actor(), slug, base_url=request.url_root, extension=extension)
    return _rdf(body, extension)
