"""One mapping from every error to an HTTP answer: a JSON envelope under /api/, a page elsewhere.

    {"error": {"status": 415, "code": "unsupported-file-type", "message": "...", "params": {...}, "fields": {...}}}

The message is in the request's language; ``code`` and ``params`` are stable for programs.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from datapackages.errors import FileRejected, UnsafeFile
from publisher import messages
from publisher.errors import Conflict, Gone, InvalidInput, NotAuthorized, NotFound, PublisherError, Unavailable

from .context import platform

__all__ = ["error_response", "file_error_status", "init_app"]

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad-request",
    404: "not-found",
    405: "method-not-allowed",
    413: "request-too-large",
    429: "too-many-requests",
    500: "server-error",
}


def file_error_status(error: FileRejected) -> int:
    if error.code == "unsupported-file-type":
        return 415
    if error.code in ("file-too-large", "zip-bomb"):
        return 413
    return 400


def _publisher_status(error: PublisherError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, NotAuthorized):
        return 401 if error.code in ("login-required", "invalid-token", "login-failed") else 403
    if isinstance(error, InvalidInput):
        return 422
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, Gone):
        return 410
    if isinstance(error, Unavailable):
        return 503
    return 400


def _is_api() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, params: dict[str, Any] | None = None, fields: dict[str, str] | None = None) -> Any:
    params = dict(params or {})
    message = messages.error_message(code, params, _)
    if _is_api():
        body: dict[str, Any] = {"status": status, "code": code, "message": message, "params": params}
        if fields:
            body["fields"] = {name: {"code": field_code, "message": messages.field_error(field_code, _)} for name, field_code in fields.items()}
        response = jsonify(error=body)
        response.status_code = status
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="opendata"'
        return response
    if code == "login-required":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return render_template("error.html", status=status, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(PublisherError)
    def _publisher(error: PublisherError) -> Response:
        fields = error.field_errors if isinstance(error, InvalidInput) else None
        return error_response(_publisher_status(error), error.code, error.params, fields)

    @app.errorhandler(FileRejected)
    def _file(error: FileRejected) -> Response:
        if isinstance(error, UnsafeFile):
            log.warning("refused an unsafe file: %s from %s", error, request.remote_addr)
        return error_response(file_error_status(error), error.code, error.params)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError) -> Response:
        return error_response(400, "csrf-failed")

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        status = error.code or 500
        params: dict[str, Any] = {}
        if status == 413:
            params["limit"] = platform().settings.max_upload_bytes
        return error_response(status, _HTTP_CODES.get(status, "bad-request"), params)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "server-error")
