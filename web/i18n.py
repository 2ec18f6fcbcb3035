"""Language: Vietnamese first, English second, chosen per visitor and remembered in a cookie.

The choice goes: ``?lang=`` (a language link) → the ``lang`` cookie → the browser's
Accept-Language → Vietnamese. The catalogue is shared with the command line
(``publisher/translations``).
"""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_babel import Babel, get_locale

from publisher.i18n import LOCALES, TRANSLATIONS_DIR
from publisher.settings import Settings

__all__ = ["LANG_COOKIE", "init_app", "locale"]

LANG_COOKIE = "lang"


def locale() -> str:
    return str(get_locale() or LOCALES[0])


def _select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        g.lang_chosen = chosen
        return chosen
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LOCALES:
        return cookie
    return request.accept_languages.best_match(LOCALES) or LOCALES[0]


def _remember_choice(response: Response) -> Response:
    chosen = g.get("lang_chosen")
    if chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    if "Content-Language" not in response.headers:
        response.headers["Content-Language"] = locale()
    return response


def init_app(app: Flask, settings: Settings) -> None:
    app.config.update(
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.timezone,
        BABEL_TRANSLATION_DIRECTORIES=str(TRANSLATIONS_DIR),
    )
    Babel(app, locale_selector=_select_locale)
    app.after_request(_remember_choice)
