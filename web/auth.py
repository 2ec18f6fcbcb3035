"""Who is asking: a signed-in session for pages, a bearer token for the API.

API writes need a token with the write scope. A session cookie is honoured by the API for reads
only, so a page on another site can never make a signed-in browser write through the API.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from publisher import messages
from publisher.actor import Actor
from publisher.errors import NotAuthorized
from publisher.services import tokens, users

from .context import actor, platform
from .forms import LoginForm
from .security import limiter, login_limit

__all__ = ["blueprint", "init_app", "login_required"]

blueprint = Blueprint("auth", __name__)


def _load_actor() -> None:
    address = request.remote_addr
    header = request.headers.get("Authorization", "")
    is_api = request.path.startswith("/api/")
    if is_api and header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthorized("invalid-token")
        g.actor = tokens.actor_for_token(platform(), token.strip(), address=address)
        return
    user_id = session.get("user_id")
    if isinstance(user_id, int):
        g.actor = users.actor_for_user(platform(), user_id, address=address, can_write=not is_api)
        if not g.actor.is_authenticated:
            session.clear()
    else:
        g.actor = Actor.anonymous(address)


def init_app(app: Flask) -> None:
    app.before_request(_load_actor)

    @app.context_processor
    def _inject_actor() -> dict[str, Actor]:
        return {"current_actor": g.get("actor") or Actor.anonymous()}


def login_required() -> Response | None:
    """For page views: a redirect to the sign-in page when nobody is signed in."""
    if actor().is_authenticated:
        return None
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _safe_next(target: str | None) -> str:
    """Only local paths: a sign-in link must never send the user to another site."""
    if not target:
        return url_for("site.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("site.index")
    return target


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login() -> Response | str | tuple[str, int]:
    form = LoginForm()
    if form.validate_on_submit():
        try:
            signed_in = users.user_authenticate(
                platform(), username=form.username.data or "", password=form.password.data or "", address=request.remote_addr
            )
        except NotAuthorized as refused:
            form.password.errors.append(messages.error_message(refused.code, refused.params, _))
            return render_template("login.html", form=form), 401
        session.clear()  # a new session on sign-in: no fixation
        session["user_id"] = signed_in.user_id
        session.permanent = True
        flash(_("Welcome, %(name)s.", name=signed_in.display_name), "success")
        return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
def logout() -> Response:
    users.user_signed_out(platform(), actor())
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("site.index"))
