"""Compliance pages and their JSON twins: the league table, an agency's and a dataset's drill-down,
the methodology generated from the rubric, and the auditors' CSV and XLSX exports."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from publisher import messages
from publisher.errors import InvalidInput
from publisher.queries import compliance
from publisher.queries.compliance import AGENCY, PRINCIPLES
from publisher.queries.compliance_export import compliance_csv, compliance_xlsx
from publisher.services import inventory

from ..auth import login_required
from ..context import actor, platform
from ..forms import InventoryForm, SimpleForm
from ..i18n import locale
from .site import with_twin

__all__ = ["api", "blueprint"]

blueprint = Blueprint("compliance", __name__)
api = Blueprint("api_compliance", __name__)
LEVELS = ("ministry", "province", "commune", "other")


def _filters() -> tuple[str | None, str | None]:
    level = request.args.get("level") or None
    return (level if level in LEVELS else None), (request.args.get("parent") or None)


@blueprint.route("/compliance")
def league() -> Response:
    level, parent = _filters()
    rows = compliance.league(platform(), level=level, parent=parent, trend=True)
    html = render_template("compliance.html", rows=rows, rubric=compliance.methodology(), principles=PRINCIPLES,
                           level=level, parent=parent, levels=LEVELS)
    return with_twin(html, url_for("api_compliance.report", level=level, parent=parent))


@blueprint.route("/compliance/methodology")
def methodology() -> str:
    return render_template("compliance_methodology.html", rubric=compliance.methodology(), principles=(*PRINCIPLES, AGENCY),
                           schemas=compliance.shared_schemas())


@blueprint.route("/agencies/<slug>/compliance")
def agency(slug: str) -> Response:
    report = compliance.agency_compliance(platform(), slug)
    html = render_template("compliance_agency.html", agency=report, rubric=compliance.methodology(),
                           principles=(*PRINCIPLES, AGENCY), inventory_form=InventoryForm(), remove_form=SimpleForm())
    return with_twin(html, url_for("api_compliance.agency", slug=slug))


@blueprint.route("/datasets/<slug>/compliance")
def dataset(slug: str) -> Response:
    report = compliance.dataset_compliance(platform(), slug)
    html = render_template("compliance_dataset.html", dataset=report, rubric=compliance.methodology(), principles=PRINCIPLES)
    return with_twin(html, url_for("api_compliance.dataset", slug=slug))


@blueprint.route("/compliance.csv")
def export_csv() -> Response:
    text = compliance_csv(platform(), gettext=_, locale=locale(), agency=request.args.get("agency") or None,
                          base_url=request.host_url.rstrip("/"))
    return Response(text.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=compliance.csv"})


@blueprint.route("/compliance.xlsx")
def export_xlsx() -> Response:
    agency = request.args.get("agency") or None
    if agency is not None:
        compliance.compliance_report(platform(), agency=agency)  # 404 for an unknown agency
    with tempfile.TemporaryDirectory(prefix="opendata-export-") as work:
        path = compliance_xlsx(platform(), Path(work) / "compliance.xlsx", gettext=_, locale=locale(), agency=agency,
                               base_url=request.host_url.rstrip("/"))
        data = path.read_bytes()
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=compliance.xlsx"})


# JSON ------------------------------------------------------------------------------------------


@api.route("/compliance")
def report() -> Response:
    level, parent = _filters()
    full = compliance.compliance_report(platform())
    if level or parent:
        wanted = {row["slug"] for row in compliance.league(platform(), level=level, parent=parent)}
        full["agencies"] = [item for item in full["agencies"] if item["slug"] in wanted]
    return jsonify(full)


@api.route("/agencies/<slug>/compliance", endpoint="agency")
def agency_json(slug: str) -> Response:
    return jsonify(compliance.agency_compliance(platform(), slug))


@api.route("/datasets/<slug>/compliance", endpoint="dataset")
def dataset_json(slug: str) -> Response:
    return jsonify(compliance.dataset_compliance(platform(), slug))



# The agency's open data inventory ----------------------------------------------------------------


@blueprint.route("/agencies/<slug>/inventory", methods=["POST"])
def inventory_add(slug: str) -> Response:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    form = InventoryForm()
    if form.validate_on_submit():
        try:
            inventory.inventory_add(platform(), actor(), agency=slug, title=form.title.data, due=form.due.data or "",
                                    dataset=form.dataset.data or None)
        except InvalidInput as error:
            for field_name, code in error.field_errors.items():
                flash(f"{getattr(form, field_name).label.text}: {messages.field_error(code, _)}", "error")
        else:
            flash(_("The inventory item is saved."), "success")
    else:
        flash(_("Give the dataset a title and a due date."), "error")
    return redirect(url_for("compliance.agency", slug=slug) + "#inventory")


@blueprint.route("/agencies/<slug>/inventory/<int:item_id>/delete", methods=["POST"])
def inventory_remove(slug: str, item_id: int) -> Response:
    if (redirect_to_login := login_required()) is not None:
        return redirect_to_login
    if SimpleForm().validate_on_submit():
        inventory.inventory_remove(platform(), actor(), agency=slug, item_id=item_id)
        flash(_("The inventory item is removed."), "success")
    return redirect(url_for("compliance.agency", slug=slug) + "#inventory")
