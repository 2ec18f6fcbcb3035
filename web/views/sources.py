"""Harvest sources on the site: add one to an agency, read its runs and their items, test it, run it now,
pause or resume it. Views are thin: one service or query each. JSON twins are in ``api_sources``."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from publisher import messages
from publisher.errors import Conflict, InvalidInput, Unavailable
from publisher.queries import agencies, sources as source_queries
from publisher.services import sources

from ..auth import login_required
from ..context import actor, platform
from ..forms import SimpleForm, SourceEditForm, SourceForm
from .site import with_twin

__all__ = ["blueprint"]

blueprint = Blueprint("sources", __name__)

Page = Response | str | tuple[str, int]


def _form_errors(form: Any, error: InvalidInput) -> None:
    for name, code in error.field_errors.items():
        field = getattr(form, name.split(".")[0], None) or form.options
        label = f"{name}: " if "." in name else ""
        field.errors = [*field.errors, label + messages.field_error(code, _)]


@blueprint.route("/agencies/<slug>/sources/new", methods=["GET", "POST"])
def new(slug: str) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    agency = agencies.agency_detail(platform(), actor(), slug)
    if not agency.can_add_source:
        return render_template("error.html", status=403, message=messages.error_message("not-agency-admin", {}, _)), 403
    types = source_queries.source_types(platform())
    form = SourceForm()
    form.type.choices = [(kind.name, kind.title) for kind in types]
    if not form.is_submitted():
        form.schedule.data = platform().settings.harvest_default_schedule
    if form.validate_on_submit():
        try:
            created = sources.source_create(
                platform(), actor(), agency=slug, type=form.type.data, url=form.url.data or "", name=form.name.data or None,
                options=sources.parse_options(form.options.data or ""), schedule=form.schedule.data or "")
        except InvalidInput as error:
            _form_errors(form, error)
            return render_template("source_form.html", form=form, agency=agency, types=types), 422
        except Conflict as error:
            form.name.errors = [*form.name.errors, messages.error_message(error.code, error.params, _)]
            return render_template("source_form.html", form=form, agency=agency, types=types), 409
        flash(_("The source %(name)s is saved. Test it to see what it would publish.", name=created.name), "success")
        return redirect(url_for(".source", source_id=created.id))
    status = 400 if form.is_submitted() else 200
    return render_template("source_form.html", form=form, agency=agency, types=types), status


@blueprint.route("/sources/<int:source_id>")
def source(source_id: int) -> Response:
    detail = source_queries.source_detail(platform(), actor(), source_id)
    html = render_template("source.html", source=detail, form=SimpleForm())
    return with_twin(html, url_for("api_sources.source", source_id=source_id))


@blueprint.route("/sources/<int:source_id>/edit", methods=["GET", "POST"])
def edit(source_id: int) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    detail = source_queries.source_detail(platform(), actor(), source_id)
    form = SourceEditForm()
    if not form.is_submitted():
        form.url.data = detail.url
        form.schedule.data = detail.summary.schedule
    if form.validate_on_submit():
        options = sources.parse_options(form.options.data) if (form.options.data or "").strip() else None
        try:
            sources.source_update(platform(), actor(), source_id=source_id, url=form.url.data or "", options=options,
                                  schedule=form.schedule.data or "")
        except InvalidInput as error:
            _form_errors(form, error)
            return render_template("source_edit.html", form=form, source=detail), 422
        flash(_("The source is saved."), "success")
        return redirect(url_for(".source", source_id=source_id))
    status = 400 if form.is_submitted() else 200
    return render_template("source_edit.html", form=form, source=detail), status


def _post(source_id: int) -> Response | None:
    """Sign-in and CSRF for the buttons; a redirect back to the source when either is missing."""
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    if not SimpleForm().validate_on_submit():
        return redirect(url_for(".source", source_id=source_id))
    return None


@blueprint.route("/sources/<int:source_id>/test", methods=["POST"])
def test(source_id: int) -> Response:
    if (answer := _post(source_id)) is not None:
        return answer
    run = sources.source_test(platform(), actor(), source_id=source_id)
    return redirect(url_for(".run", source_id=source_id, run_id=run.id))


@blueprint.route("/sources/<int:source_id>/run", methods=["POST"])
def run_now(source_id: int) -> Response:
    if (answer := _post(source_id)) is not None:
        return answer
    try:
        run = sources.harvest_run(platform(), actor(), source_id=source_id, wait=False)
    except (Conflict, Unavailable) as error:
        flash(messages.error_message(error.code, error.params, _), "error")
        return redirect(url_for(".source", source_id=source_id))
    return redirect(url_for(".run", source_id=source_id, run_id=run.id))


@blueprint.route("/sources/<int:source_id>/enable", methods=["POST"])
def enable(source_id: int) -> Response:
    if (answer := _post(source_id)) is not None:
        return answer
    sources.source_enable(platform(), actor(), source_id=source_id)
    return redirect(url_for(".source", source_id=source_id))


@blueprint.route("/sources/<int:source_id>/disable", methods=["POST"])
def disable(source_id: int) -> Response:
    if (answer := _post(source_id)) is not None:
        return answer
    sources.source_disable(platform(), actor(), source_id=source_id)
    return redirect(url_for(".source", source_id=source_id))


@blueprint.route("/sources/<int:source_id>/runs/<int:run_id>")
def run(source_id: int, run_id: int) -> Response:
    status = request.args.get("status") or None
    detail = source_queries.run_detail(platform(), actor(), source_id, run_id, status=status)
    html = render_template("run.html", run=detail, status=status)
    return with_twin(html, url_for("api_sources.run", source_id=source_id, run_id=run_id))
