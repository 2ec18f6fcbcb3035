"""The OpenAPI 3 document of /api/v1, served from ``web/openapi.yaml``.

The document is a YAML file beside the code so that whoever adds a route adds its few lines
there; ``tests/web/test_openapi.py`` fails when a /api/v1 route is missing from it, and runs
schemathesis against the running app so that the document and the server cannot drift apart.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, Response, jsonify, request

__all__ = ["blueprint", "openapi_document"]

blueprint = Blueprint("api_docs", __name__)

DOCUMENT = Path(__file__).resolve().parent.parent / "openapi.yaml"


@cache
def _loaded() -> dict[str, Any]:
    with open(DOCUMENT, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def openapi_document(server_url: str) -> dict[str, Any]:
    document = copy.deepcopy(_loaded())
    document["servers"] = [{"url": server_url}]
    return document


@blueprint.route("/openapi.json")
def openapi() -> Response:
    response = jsonify(openapi_document(request.host_url.rstrip("/") + "/api/v1"))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
