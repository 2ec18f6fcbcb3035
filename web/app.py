"""The application factory: settings → Platform → Flask app with its extensions and blueprints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from publisher.platform import Platform
from publisher.settings import load_settings

from . import auth, errors, i18n, rendering, security
from .ckan import views as ckan_api
from .views import account, admin, api_docs, api_resources, api_sources, api_v1, catalog, compliance, site, sources, upload

__all__ = ["create_app"]

csrf = CSRFProtect()

UPLOAD_OVERHEAD = 1024 * 1024
"""Room for the multipart envelope and form fields around an upload of the largest allowed size."""


class DatabaseInteger(IntegerConverter):
    """``<int:...>`` in URLs, up to the largest integer the databases store: a bigger one is no
    route (404), not an overflow deep in a query (found by schemathesis)."""

    def __init__(self, map, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]  # noqa: A002 - Werkzeug's name
        kwargs.setdefault("max", 2**31 - 1)  # PostgreSQL INTEGER
        super().__init__(map, *args, **kwargs)


def _refuse_nul_characters() -> None:
    """No text the platform stores or searches may hold U+0000 (PostgreSQL refuses it): a request
    that carries one in its query is a 400, not an error deep in a query (found by schemathesis)."""
    if "\x00" in request.full_path or any("\x00" in value for value in request.args.values()):
        raise BadRequest()


def create_app(settings: Mapping[str, Any] | None = None, *, platform: Platform | None = None) -> Flask:
    """Build the app from ``config/`` defaults, ``OPENDATA_*`` variables and ``settings`` overrides."""
    platform = platform or Platform.from_settings(load_settings(settings))
    app = Flask(__name__)
    app.url_map.converters["int"] = DatabaseInteger
    app.before_request(_refuse_nul_characters)
    app.config.update(
        SECRET_KEY=platform.settings.secret_key,
        MAX_CONTENT_LENGTH=platform.settings.max_upload_bytes + UPLOAD_OVERHEAD,
        WTF_CSRF_TIME_LIMIT=None,  # a form stays valid as long as the session does
        PERMANENT_SESSION_LIFETIME=60 * 60 * 12,
    )
    app.extensions["opendata"] = platform
    security.init_app(app, platform.settings)
    i18n.init_app(app, platform.settings)
    csrf.init_app(app)
    auth.init_app(app)
    rendering.init_app(app)
    errors.init_app(app)
    app.register_blueprint(site.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(upload.blueprint)
    app.register_blueprint(account.blueprint)
    app.register_blueprint(admin.blueprint)
    app.register_blueprint(sources.blueprint)
    app.register_blueprint(catalog.blueprint)
    app.register_blueprint(api_v1.blueprint, url_prefix="/api/v1")
    app.register_blueprint(api_sources.blueprint, url_prefix="/api/v1")
    app.register_blueprint(compliance.blueprint)
    app.register_blueprint(compliance.api, url_prefix="/api/v1")
    csrf.exempt(compliance.api)
    app.register_blueprint(api_resources.blueprint, url_prefix="/api/v1")
    app.register_blueprint(api_docs.blueprint, url_prefix="/api/v1")
    csrf.exempt(api_v1.blueprint)  # the API authenticates by bearer token, never by cookie
    csrf.exempt(api_sources.blueprint)
    app.register_blueprint(ckan_api.blueprint)
    csrf.exempt(ckan_api.blueprint)  # read-only, and clients POST their parameters without cookies
    csrf.exempt(api_resources.blueprint)
    csrf.exempt(api_docs.blueprint)
    return app
