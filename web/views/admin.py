"""Administration: accounts (platform admins), an agency's members and settings (its admins), a
dataset's description (its editors), and the audit log (admins and auditors)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as WerkzeugResponse

from datapackages.normalise import neutralise
from publisher import messages
from publisher.errors import Conflict, InvalidInput, NotFound
from publisher.queries import accounts, agencies, audit, compliance, datasets
from publisher.services import agencies as agency_services
from publisher.services import datasets as dataset_services
from publisher.services import users

from ..auth import login_required
from ..context import actor, platform
from ..forms import AgencySettingsForm, DatasetEditForm, MemberForm, NewUserForm, UserUpdateForm
from ..i18n import locale

__all__ = ["audit_filter", "blueprint"]

blueprint = Blueprint("admin", __name__)

Page = WerkzeugResponse | str | tuple[str, int]


def _form_errors(form, error: InvalidInput) -> None:  # type: ignore[no-untyped-def]
    for name, code in error.field_errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [*field.errors, messages.field_error(code, _)]


# Accounts -------------------------------------------------------------------------------------


@blueprint.route("/admin/users", methods=["GET", "POST"])
def user_list() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = NewUserForm()
    status = 200
    if form.validate_on_submit():
        try:
            users.user_create(
                platform(), actor(), username=form.username.data or "", password=form.password.data or "",
                display_name=form.display_name.data or None, email=form.email.data or None,
                is_admin=bool(form.is_admin.data), is_auditor=bool(form.is_auditor.data),
            )
        except InvalidInput as error:
            _form_errors(form, error)
            status = 422
        except Conflict as error:
            form.username.errors = [*form.username.errors, messages.error_message(error.code, error.params, _)]
            status = 409
        else:
            flash(_("Account %(username)s created.", username=form.username.data), "success")
            return redirect(url_for("admin.user_list"))
    elif form.is_submitted():
        status = 400
    return render_template("admin_users.html", users=accounts.user_list(platform(), actor()), form=form), status


@blueprint.route("/admin/users/<username>", methods=["POST"])
def user_update(username: str) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = UserUpdateForm()
    if form.validate_on_submit():
        users.user_update(
            platform(), actor(), username=username, is_active=bool(form.is_active.data), is_admin=bool(form.is_admin.data),
            is_auditor=bool(form.is_auditor.data), new_password=form.new_password.data or None,
        )
        flash(_("Account %(username)s updated.", username=username), "success")
    return redirect(url_for("admin.user_list"))


# An agency's members and settings ------------------------------------------------------------


@blueprint.route("/agencies/<slug>/members", methods=["GET", "POST"])
def members(slug: str) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    agency = agencies.agency_detail(platform(), actor(), slug)
    form = MemberForm()
    settings_form = AgencySettingsForm(
        description=agency.description, website=agency.website, email=agency.email,
        shares_with_parent=agency.shares_with_parent,
    )
    status = 200
    if form.validate_on_submit():
        try:
            users.membership_set(platform(), actor(), username=form.username.data or "", agency=slug, role=form.role.data or None)
        except NotFound as error:
            form.username.errors = [*form.username.errors, messages.error_message(error.code, error.params, _)]
            status = 404
        else:
            flash(_("The members are updated."), "success")
            return redirect(url_for("admin.members", slug=slug))
    listed = accounts.agency_members(platform(), actor(), slug)
    return render_template("members.html", agency=agency, members=listed, form=form, settings_form=settings_form), status


@blueprint.route("/agencies/<slug>/settings", methods=["POST"])
def agency_settings(slug: str) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = AgencySettingsForm()
    if form.validate_on_submit():
        agency_services.agency_update(
            platform(), actor(), slug=slug, description=form.description.data or "", website=form.website.data or "",
            email=form.email.data or "", shares_with_parent=bool(form.shares_with_parent.data),
        )
        flash(_("The agency is updated."), "success")
    return redirect(url_for("admin.members", slug=slug))


# A dataset's description ------------------------------------------------------------------------


@blueprint.route("/datasets/<slug>/edit", methods=["GET", "POST"])
def dataset_edit(slug: str) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    detail = datasets.dataset_detail(platform(), actor(), slug)
    item = detail.summary
    form = DatasetEditForm(
        data=None if request.method == "POST" else {
            "title": item.title, "description": item.description, "licence": item.licence,
            "tags": ", ".join(item.tags), "frequency": item.frequency, "schema_id": item.schema_id or "",
            "contact_name": item.contact_name, "contact_email": item.contact_email, "themes": item.themes,
            "spatial": ", ".join(item.spatial), "temporal_start": _iso(item.temporal_start), "temporal_end": _iso(item.temporal_end),
        }
    )
    reference = platform().reference
    form.licence.choices = [(licence.id, licence.title.get(locale(), licence.id)) for licence in reference.licences.values()]
    form.frequency.choices = [(f.id, f.title.get(locale(), f.id)) for f in reference.frequencies.values()]
    form.schema_id.choices = [("", _("None: the schema is inferred from each upload"))] + [
        (shared.id, shared.title.get(locale(), shared.id)) for shared in compliance.shared_schemas()]
    form.themes.choices = [(theme.id, theme.title.get(locale(), theme.id)) for theme in reference.themes.values()]
    status = 200
    if form.validate_on_submit():
        try:
            dataset_services.dataset_update(
                platform(), actor(), slug=slug, title=form.title.data, description=form.description.data or "",
                licence=form.licence.data, tags=form.tags.data or "", frequency=form.frequency.data,
                schema_id=(form.schema_id.data or "") if "schema_id" in request.form else None,  # absent: unchanged
                coverage=dataset_services.Coverage(
                    contact_name=form.contact_name.data or "", contact_email=form.contact_email.data or "",
                    themes=form.themes.data or [], spatial=form.spatial.data or "",
                    temporal_start=form.temporal_start.data or "", temporal_end=form.temporal_end.data or "",
                ),
            )
        except InvalidInput as error:
            _form_errors(form, error)
            status = 422
        else:
            flash(_("The description is saved; the next published version will carry it."), "success")
            return redirect(url_for("site.dataset", slug=slug))
    elif form.is_submitted():
        status = 400
    return render_template("dataset_edit.html", dataset=detail, form=form), status


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


# The audit log ---------------------------------------------------------------------------------


def audit_filter() -> audit.AuditFilter:
    def day(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(request.args.get(name, ""))
        except ValueError:
            return None

    return audit.AuditFilter(
        actor=request.args.get("actor") or None,
        action=request.args.get("action") or None,
        target=request.args.get("target") or None,
        since=day("since"),
        until=day("until"),
    )


@blueprint.route("/audit")
def audit_log() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    where = audit_filter()
    page = audit.audit_page(platform(), actor(), where, page=request.args.get("page", 1, type=int))
    filters = {name: value for name, value in request.args.items() if name != "page" and value}
    return render_template("audit.html", page=page, where=where, args=filters)


@blueprint.route("/audit.csv")
def audit_csv() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    entries = audit.audit_entries(platform(), actor(), audit_filter())

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["id", "at", "actor", "action", "target_type", "target", "address", "summary"])
        for entry in entries:
            writer.writerow([
                entry.id, entry.at.isoformat(), neutralise(entry.actor), entry.action, entry.target_type,
                neutralise(entry.target), entry.address or "", neutralise(json.dumps(entry.summary, ensure_ascii=False)),
            ])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = Response(stream_with_context(rows()), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response
