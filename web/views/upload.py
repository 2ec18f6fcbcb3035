"""The officer's path: upload a file (new dataset or new version), read the report, publish."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from datapackages.errors import FileRejected
from datapackages.normalise import COLUMN_TYPES, RepairOptions, SheetOptions, parse_row_list
from publisher import messages
from publisher.errors import InvalidInput
from publisher.queries import agencies, datasets
from publisher.services import datasets as dataset_services
from publisher.services import personal, versions

from ..auth import login_required
from ..context import actor, platform
from ..errors import file_error_status
from ..forms import DatasetForm, PublishForm, SimpleForm, UploadForm
from ..i18n import locale

__all__ = ["blueprint", "saved_upload"]

blueprint = Blueprint("upload", __name__)

MAX_SCHEMA_BYTES = 1024 * 1024

Page = Response | str | tuple[str, int]


@contextmanager
def saved_upload(file: FileStorage) -> Iterator[Path]:
    """The uploaded bytes in a private temporary file, removed afterwards whatever happens."""
    with tempfile.TemporaryDirectory(prefix="opendata-upload-") as folder:
        path = Path(folder) / "upload"
        file.save(path)
        yield path


def read_schema(file: FileStorage | None) -> str | None:
    if file is None or not file.filename:
        return None
    data = file.stream.read(MAX_SCHEMA_BYTES + 1)
    if len(data) > MAX_SCHEMA_BYTES:
        raise FileRejected("invalid-schema", reason="larger than 1 MB")
    return data.decode("utf-8", errors="replace")


def _fill_choices(form: DatasetForm) -> None:
    reference = platform().reference
    language = locale()
    form.agency.choices = [(item.slug, item.name) for item in agencies.editable_agencies(platform(), actor())]
    form.licence.choices = [(item.id, item.title.get(language, item.id)) for item in reference.licences.values()]
    form.frequency.choices = [(item.id, item.title.get(language, item.id)) for item in reference.frequencies.values()]


def _form_error(form: Any, error: InvalidInput | FileRejected) -> None:
    if isinstance(error, InvalidInput):
        for name, code in error.field_errors.items():
            field = getattr(form, name, None)
            if field is not None:
                field.errors = [*field.errors, messages.field_error(code, _)]
        return
    form.file.errors = [*form.file.errors, messages.error_message(error.code, error.params, _)]


@blueprint.route("/upload", methods=["GET", "POST"])
def new_dataset() -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = DatasetForm()
    _fill_choices(form)
    editable = datasets.editable_datasets(platform(), actor())
    if not form.agency.choices:
        return render_template("upload.html", form=None, editable=editable), 403
    if form.is_submitted() and form.agency.data not in {slug for slug, _name in form.agency.choices}:
        message = messages.error_message("not-agency-editor", {}, _)
        return render_template("error.html", status=403, message=message), 403
    if form.validate_on_submit():
        try:
            with saved_upload(form.file.data) as path:
                created = dataset_services.dataset_create(
                    platform(),
                    actor(),
                    agency=form.agency.data,
                    title=form.title.data or "",
                    description=form.description.data or "",
                    licence=form.licence.data,
                    tags=form.tags.data or "",
                    frequency=form.frequency.data,
                    upload=versions.Upload(path, form.file.data.filename or "", read_schema(form.schema.data)),
                )
        except InvalidInput as error:
            _form_error(form, error)
            return render_template("upload.html", form=form, editable=editable), 422
        except FileRejected as error:
            _form_error(form, error)
            return render_template("upload.html", form=form, editable=editable), file_error_status(error)
        assert created.draft is not None
        return redirect(url_for("upload.draft", slug=created.slug, draft_id=created.draft.draft_id))
    status = 400 if form.is_submitted() else 200
    return render_template("upload.html", form=form, editable=editable), status


@blueprint.route("/datasets/<slug>/upload", methods=["GET", "POST"])
def new_version(slug: str) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    detail = datasets.dataset_detail(platform(), actor(), slug)
    form = UploadForm()
    if not detail.can_edit:
        return render_template("error.html", status=403, message=messages.error_message("not-agency-editor", {}, _)), 403
    if form.validate_on_submit():
        try:
            with saved_upload(form.file.data) as path:
                outcome = versions.version_upload(
                    platform(),
                    actor(),
                    dataset=slug,
                    upload=versions.Upload(path, form.file.data.filename or "", read_schema(form.schema.data)),
                )
        except FileRejected as error:
            _form_error(form, error)
            return render_template("upload_version.html", form=form, dataset=detail), file_error_status(error)
        return redirect(url_for("upload.draft", slug=slug, draft_id=outcome.draft_id))
    status = 400 if form.is_submitted() else 200
    return render_template("upload_version.html", form=form, dataset=detail), status


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>")
def draft(slug: str, draft_id: int) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    return _draft_page(slug, draft_id)


def _draft_page(slug: str, draft_id: int, *, publish_form: PublishForm | None = None,
                personal_errors: dict[str, dict[str, str]] | None = None) -> str:
    detail = datasets.draft_detail(platform(), actor(), slug, draft_id)
    return render_template(
        "draft.html", draft=detail, publish_form=publish_form or PublishForm(), discard_form=SimpleForm(),
        repair_form=SimpleForm(), personal_form=SimpleForm(), personal_errors=personal_errors or {},
        options=RepairOptions.from_dict(detail.options), types=COLUMN_TYPES,
    )


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/personal", methods=["POST"])
def decide_personal(slug: str, draft_id: int) -> Page:
    """One column's decision from the draft's personal-data panel; remembered for the dataset."""
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    if not SimpleForm().validate_on_submit():
        return redirect(url_for("upload.draft", slug=slug, draft_id=draft_id))
    column = request.form.get("column", "")
    digits = request.form.get("digits", "4")
    try:
        personal.personal_decide(
            platform(), actor(), dataset=slug, draft_id=draft_id, column=column,
            decision=request.form.get("decision", ""), digits=int(digits) if digits.isdigit() else -1,
            reason=request.form.get("reason", ""),
        )
    except InvalidInput as error:
        shown = {name: messages.field_error(code, _) for name, code in error.field_errors.items()}
        return _draft_page(slug, draft_id, personal_errors={column: shown}), 422
    flash(_("Your decision on the column “%(column)s” is saved; it applies to later uploads and harvests too.", column=column),
          "success")
    return redirect(url_for("upload.draft", slug=slug, draft_id=draft_id) + "#personal")


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/publish", methods=["POST"])
def publish(slug: str, draft_id: int) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = PublishForm()
    if not form.validate_on_submit():
        return redirect(url_for("upload.draft", slug=slug, draft_id=draft_id))
    try:
        outcome = versions.version_publish(
            platform(), actor(), dataset=slug, draft_id=draft_id, confirm_errors=bool(form.confirm_errors.data)
        )
    except InvalidInput as error:
        _form_error(form, error)
        if "personal" in error.field_errors:
            flash(messages.field_error(error.field_errors["personal"], _), "error")
        return _draft_page(slug, draft_id, publish_form=form), 422
    flash(_("Version %(number)s is published.", number=outcome.number), "success")
    return redirect(url_for("site.dataset", slug=slug))


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/repair", methods=["POST"])
def repair(slug: str, draft_id: int) -> Page:
    """The officer's corrections from the draft page: header rows, rows to skip or keep, column
    titles and types. The file is repaired again and the corrections are kept for next time."""
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    if not SimpleForm().validate_on_submit():
        return redirect(url_for("upload.draft", slug=slug, draft_id=draft_id))
    detail = datasets.draft_detail(platform(), actor(), slug, draft_id)
    options = repair_options_from_form(request.form, detail.resources, RepairOptions.from_dict(detail.options))
    outcome = versions.draft_repair(platform(), actor(), dataset=slug, draft_id=draft_id, options=options)
    flash(_("The file was repaired again with your corrections; they will be used for the next upload too."), "success")
    return redirect(url_for("upload.draft", slug=slug, draft_id=outcome.draft_id))


def repair_options_from_form(form: Any, resources: list[Any], previous: RepairOptions) -> RepairOptions:
    """Read the wizard's fields; keep only what differs from the automatic guess, so a correction
    never freezes what the repair would find anyway."""
    sheets = {}
    for index, resource in enumerate(resources):
        prefix = f"sheet-{index}-"
        before = previous.for_sheet(resource.source)
        header = before.header
        first, last = form.get(prefix + "header-first", ""), form.get(prefix + "header-last", "")
        if first.isdigit() and last.isdigit() and 0 < int(first) <= int(last) <= int(first) + 5 and int(last) <= 60:
            chosen = (int(first), int(last))
            if chosen != tuple(resource.header_rows) or header is not None:
                header = chosen
        types, titles = {}, {}
        for column in resource.columns:
            number = column["number"]
            kind = form.get(f"{prefix}col-{number}-type", "")
            if kind in COLUMN_TYPES and kind != column["guessed"]:
                types[number] = kind
            title = " ".join(form.get(f"{prefix}col-{number}-title", "").split())[:300]
            if title and title != column["heading"]:
                titles[number] = title
        sheets[resource.source] = SheetOptions(
            header=header,
            skip=parse_row_list(form.get(prefix + "skip", "")),
            keep=parse_row_list(form.get(prefix + "keep", "")),
            types=types,
            titles=titles,
        )
    return RepairOptions(sheets)


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/discard", methods=["POST"])
def discard(slug: str, draft_id: int) -> Page:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    if SimpleForm().validate_on_submit():
        versions.draft_discard(platform(), actor(), dataset=slug, draft_id=draft_id)
        flash(_("The draft was discarded."), "info")
    return redirect(url_for("site.dataset", slug=slug))
