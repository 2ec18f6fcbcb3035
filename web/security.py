"""What every response carries and every request goes through: security headers, rate limits,
the right client address behind proxies, and session cookies that fit the deployment.

The Content-Security-Policy allows no inline script or style at all: pages are plain HTML with
one stylesheet, so text from uploads can never run even if escaping were ever missed.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from publisher.settings import Settings

__all__ = ["init_app", "limiter", "login_limit"]

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _secure_headers(response: Response) -> Response:
    for name, value in _HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def init_app(app: Flask, settings: Settings) -> None:
    if settings.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops, x_host=settings.proxy_hops)  # type: ignore[method-assign]
    secure = {"yes": True, "no": False}.get(settings.secure_cookies, settings.public_url.startswith("https://"))
    app.config.update(
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_url,
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_RATE_LIMIT=settings.login_rate_limit,
    )
    limiter.init_app(app)
    app.after_request(_secure_headers)
