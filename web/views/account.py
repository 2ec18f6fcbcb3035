"""One's own account: password, and API tokens (issued here, shown once, revocable)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from publisher import messages
from publisher.errors import InvalidInput
from publisher.queries import accounts
from publisher.services import tokens, users

from ..auth import login_required
from ..context import actor, platform
from ..forms import PasswordForm, SimpleForm, TokenForm

__all__ = ["blueprint"]

blueprint = Blueprint("account", __name__)

Page = Response | str | tuple[str, int]


def _page(password_form: PasswordForm | None = None, token_form: TokenForm | None = None, new_token: str | None = None) -> str:
    return render_template(
        "account.html",
        account=accounts.account(platform(), actor()),
        password_form=password_form or PasswordForm(),
        token_form=token_form or TokenForm(),
        revoke_form=SimpleForm(),
        new_token=new_token,
    )


@blueprint.route("/account")
def show() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    return _page()


@blueprint.route("/account/password", methods=["POST"])
def password() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = PasswordForm()
    if not form.validate_on_submit():
        return _page(password_form=form), 400
    try:
        users.password_change(platform(), actor(), current=form.current.data or "", new=form.new.data or "")
    except InvalidInput as error:
        for name, code in error.field_errors.items():
            field = form.current if name == "current" else form.new
            field.errors = [*field.errors, messages.field_error(code, _)]
        return _page(password_form=form), 422
    flash(_("Your password is changed."), "success")
    return redirect(url_for("account.show"))


@blueprint.route("/account/tokens", methods=["POST"])
def token_issue() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(token_form=form), 400
    token = tokens.token_issue(
        platform(), actor(), username=actor().username, scope=form.scope.data or "read", days=form.days.data or 90
    )
    # Shown once, in this answer only: it is stored hashed and cannot be shown again.
    response = _page(new_token=token)
    return response


@blueprint.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
def token_revoke(token_id: int) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    if SimpleForm().validate_on_submit():
        tokens.token_revoke(platform(), actor(), token_id=token_id)
        flash(_("The token is revoked."), "info")
    return redirect(url_for("account.show"))
