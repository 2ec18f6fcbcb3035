"""The JSON API, /api/v1: datasets, versions, their Data Packages, agencies; uploads by token.

Every answer is JSON; errors share one envelope (see ``web.errors``). Files of a published
version are immutable and served with its content hash as ETag, so clients and caches can
revalidate for free.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request, send_file, url_for

from datapackages.normalise import RepairOptions
from publisher.errors import InvalidInput
from publisher.queries import agencies, audit, datasets, files
from publisher.queries.views import BlobRef, DatasetDetail, DatasetSummary, VersionDetail
from publisher.services import datasets as dataset_services
from publisher.services import personal, versions

from .. import search
from ..context import actor, platform
from ..rendering import band_title
from .upload import read_schema, saved_upload

__all__ = ["blueprint"]

blueprint = Blueprint("api_v1", __name__)

IMMUTABLE = "public, max-age=31536000, immutable"
CURRENT = "public, max-age=60"
_FALSE = {"0", "false", "no", "off"}


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _licence(licence_id: str) -> dict[str, Any]:
    licence = platform().reference.licences.get(licence_id)
    if licence is None:
        return {"id": licence_id}
    return {"id": licence.id, "title": licence.title, "url": licence.url or None, "open": licence.open}


def _summary(item: DatasetSummary) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "title": item.title,
        "description": item.description,
        "agency": {"slug": item.agency_slug, "name": item.agency_name, "url": url_for(".agency", slug=item.agency_slug, _external=True)},
        "licence": _licence(item.licence),
        "tags": item.tags,
        "frequency": item.frequency,
        "updated_at": _plain(item.updated_at),
        "version": item.version,
        "valid": item.valid,
        "rows": item.rows,
        "url": url_for(".dataset", slug=item.slug, _external=True),
        "page": url_for("site.dataset", slug=item.slug, _external=True),
        "datapackage": url_for(".package_descriptor", slug=item.slug, _external=True)
        if item.version and not item.withdrawn_at else None,
        "withdrawn": {"at": _plain(item.withdrawn_at), "reason": item.withdrawn_reason} if item.withdrawn_at else None,
        "contact_point": {"name": item.contact_name, "email": item.contact_email} if item.contact_name or item.contact_email else None,
        "themes": item.themes,
        "spatial": [{"code": code, "name": platform().reference.unit_name(code)} for code in item.spatial],
        "temporal": {"start": _plain(item.temporal_start), "end": _plain(item.temporal_end)}
        if item.temporal_start or item.temporal_end else None,
    }


def _without_grid(body: dict[str, Any]) -> dict[str, Any]:
    """The page's table of counts is ``error_counts`` laid out: JSON readers get the counts alone."""
    return {key: value for key, value in body.items() if key != "error_grid"}


def _coverage(body: dict[str, Any]) -> dataset_services.Coverage:
    """The coverage fields of a JSON body; a field that is absent stays as it is."""
    contact = body.get("contact_point")
    contact = contact if isinstance(contact, dict) else {}
    temporal = body.get("temporal")
    temporal = temporal if isinstance(temporal, dict) else {}

    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return dataset_services.Coverage(
        contact_name=text(contact.get("name")) if "name" in contact else None,
        contact_email=text(contact.get("email")) if "email" in contact else None,
        themes=[str(theme) for theme in body["themes"]] if isinstance(body.get("themes"), list) else None,
        spatial=[str(unit) for unit in body["spatial"]] if isinstance(body.get("spatial"), list) else None,
        temporal_start=text(temporal.get("start") or "") if "start" in temporal else None,
        temporal_end=text(temporal.get("end") or "") if "end" in temporal else None,
    )


def _version(slug: str, version: VersionDetail) -> dict[str, Any]:
    number = version.number
    return {
        **_without_grid(_plain(version)),
        "resources": [
            {
                **_plain(resource),
                "url": url_for(".version_data", slug=slug, number=number, filename=resource.path.removeprefix("data/"), _external=True),
            }
            for resource in version.resources
        ],
        "links": {
            "self": url_for(".version", slug=slug, number=number, _external=True),
            "datapackage": url_for(".version_descriptor", slug=slug, number=number, _external=True),
            "zip": url_for(".version_zip", slug=slug, number=number, _external=True),
            "report": url_for(".version_report", slug=slug, number=number, _external=True),
        },
    }


def _detail(detail: DatasetDetail) -> dict[str, Any]:
    slug = detail.summary.slug
    body = {
        **_summary(detail.summary),
        "created_at": _plain(detail.created_at),
        "current": _version(slug, detail.current) if detail.current and not detail.summary.withdrawn_at else None,
        "versions": [
            {
                **_plain(item),
                "url": url_for(".version", slug=slug, number=item.number, _external=True),
                "datapackage": url_for(".version_descriptor", slug=slug, number=item.number, _external=True),
                "zip": url_for(".version_zip", slug=slug, number=item.number, _external=True),
            }
            for item in detail.versions
        ],
    }
    if detail.drafts:
        body["drafts"] = [
            {**_plain(item), "url": url_for(".draft", slug=slug, draft_id=item.id, _external=True)} for item in detail.drafts
        ]
    return body


def _json_body() -> dict[str, Any]:
    try:
        body = json.loads(request.get_data(cache=False) or b"{}")
    except (ValueError, RecursionError) as error:
        raise InvalidInput({"body": "invalid-json"}) from error
    if not isinstance(body, dict):
        raise InvalidInput({"body": "invalid-json"})
    return _without_nul(body)


def _without_nul(value: Any) -> Any:
    """The body with U+0000 dropped from every text, keys included: PostgreSQL can neither store nor
    compare it, and the services drop control characters from what people type anyway."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def _flag(name: str, default: bool) -> bool:
    value = request.values.get(name)
    if value is None:
        return default
    return value.strip().lower() not in _FALSE


def _send(ref: BlobRef, *, immutable: bool, attachment: bool) -> Response:
    local = files.blob_local_path(platform(), ref)
    source: Any = local if local is not None else files.blob_open(platform(), ref)
    response = send_file(
        source,
        mimetype=ref.media_type + ("; charset=utf-8" if ref.media_type == "application/json" else ""),  # text/* gets it from Werkzeug
        as_attachment=attachment,
        download_name=ref.filename,
        etag=ref.sha256,
        conditional=True,
        max_age=None,
    )
    response.headers["Cache-Control"] = IMMUTABLE if immutable else CURRENT
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.after_request
def _open_for_reading(response: Response) -> Response:
    """Published data is public: any web page may read it (CORS), but never with the visitor's cookies."""
    if request.method in ("GET", "HEAD"):
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


@blueprint.route("/datasets", methods=["GET"])
def dataset_list() -> Response:
    """The twin of /datasets: the same parameters (q, a facet's name, sort, page, per_page), totals and facets."""
    result = datasets.dataset_list(platform(), actor(), **search.arguments())

    def link(number: int) -> str | None:
        if number < 1 or number > result.pages:
            return None
        arguments = search.link_arguments(result.q, result.filters, result.sort)
        del arguments["per_page"]  # always stated here, after the page
        return url_for(".dataset_list", **arguments, page=number, per_page=result.per_page, _external=True)

    return jsonify(
        count=result.total,
        page=result.page,
        per_page=result.per_page,
        pages=result.pages,
        next=link(result.page + 1),
        previous=link(result.page - 1),
        q=result.q,
        sort=result.sort,
        filters=result.filters,
        facets={name: [{"value": item.value, "label": band_title(item.value) if name == "band" else item.label,
                        "count": item.count, "selected": item.selected}
                       for item in values] for name, values in result.facets.items()},
        results=[_summary(item) for item in result.items],
    )


@blueprint.route("/datasets", methods=["POST"])
def dataset_create() -> tuple[Response, int]:
    body = _json_body()
    created = dataset_services.dataset_create(
        platform(),
        actor(),
        agency=str(body.get("agency") or ""),
        title=str(body.get("title") or ""),
        description=str(body.get("description") or ""),
        licence=body.get("licence") or None,
        tags=body.get("tags") or [],
        frequency=str(body.get("frequency") or "IRREG"),
        slug=body.get("slug") or None,
        coverage=_coverage(body),
    )
    detail = datasets.dataset_detail(platform(), actor(), created.slug)
    response = jsonify(_detail(detail))
    response.headers["Location"] = url_for(".dataset", slug=created.slug, _external=True)
    return response, 201


@blueprint.route("/datasets/<slug>", methods=["PATCH"])
def dataset_update(slug: str) -> Response:
    """Change a dataset's description: only the fields present in the body change."""
    body = _json_body()

    def text(name: str) -> str | None:
        return None if body.get(name) is None else str(body[name])

    dataset_services.dataset_update(
        platform(), actor(), slug=slug, title=text("title"), description=text("description"),
        licence=text("licence"), tags=body.get("tags") if isinstance(body.get("tags"), list | str) else None,
        frequency=text("frequency"), coverage=_coverage(body),
    )
    return jsonify(_detail(datasets.dataset_detail(platform(), actor(), slug)))


@blueprint.route("/datasets/<slug>")
def dataset(slug: str) -> Response:
    return jsonify(_detail(datasets.dataset_detail(platform(), actor(), slug)))


@blueprint.route("/datasets/<slug>/datapackage.json")
def package_descriptor(slug: str) -> Response:
    return _send(datasets.package_file(platform(), actor(), slug, "datapackage.json"), immutable=False, attachment=False)


@blueprint.route("/datasets/<slug>/datapackage.zip")
def package_zip(slug: str) -> Response:
    return _send(datasets.package_file(platform(), actor(), slug, "datapackage.zip"), immutable=False, attachment=True)


@blueprint.route("/datasets/<slug>/data/<filename>")
def package_data(slug: str, filename: str) -> Response:
    ref = datasets.package_file(platform(), actor(), slug, f"data/{filename}")
    return _send(ref, immutable=False, attachment=False)


@blueprint.route("/datasets/<slug>/versions", methods=["GET"])
def version_list(slug: str) -> Response:
    detail = _detail(datasets.dataset_detail(platform(), actor(), slug))
    return jsonify(count=len(detail["versions"]), results=detail["versions"])


@blueprint.route("/datasets/<slug>/versions", methods=["POST"])
def version_create(slug: str) -> tuple[Response, int]:
    """Upload a file (multipart field ``file``); publish unless ``publish=false`` or the data is invalid."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise InvalidInput({"file": "missing-file"})
    schema = read_schema(request.files.get("schema")) or request.form.get("schema") or None
    with saved_upload(upload) as path:
        outcome = versions.version_upload(
            platform(),
            actor(),
            dataset=slug,
            upload=versions.Upload(path, upload.filename, schema),
            publish=_flag("publish", True),
            confirm_errors=_flag("confirm_errors", False),
        )
    return _outcome(outcome), 201


@blueprint.route("/datasets/<slug>/versions/<int:number>")
def version(slug: str, number: int) -> Response:
    return jsonify(_version(slug, datasets.version_detail(platform(), actor(), slug, number)))


@blueprint.route("/datasets/<slug>/versions/<int:number>/datapackage.json")
def version_descriptor(slug: str, number: int) -> Response:
    ref = datasets.package_file(platform(), actor(), slug, "datapackage.json", number=number)
    return _send(ref, immutable=True, attachment=False)


@blueprint.route("/datasets/<slug>/versions/<int:number>/datapackage.zip")
def version_zip(slug: str, number: int) -> Response:
    ref = datasets.package_file(platform(), actor(), slug, "datapackage.zip", number=number)
    return _send(ref, immutable=True, attachment=True)


@blueprint.route("/datasets/<slug>/versions/<int:number>/data/<filename>")
def version_data(slug: str, number: int, filename: str) -> Response:
    ref = datasets.package_file(platform(), actor(), slug, f"data/{filename}", number=number)
    return _send(ref, immutable=True, attachment=False)


@blueprint.route("/datasets/<slug>/versions/<int:number>/report")
def version_report(slug: str, number: int) -> Response:
    return jsonify(datasets.version_report(platform(), actor(), slug, number))


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>")
def draft(slug: str, draft_id: int) -> Response:
    detail = datasets.draft_detail(platform(), actor(), slug, draft_id)
    return jsonify(_without_grid(_plain(detail)))


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/publish", methods=["POST"])
def draft_publish(slug: str, draft_id: int) -> Response:
    body = _json_body() if request.is_json else {}
    confirm = bool(body.get("confirm_errors")) or _flag("confirm_errors", False)
    outcome = versions.version_publish(platform(), actor(), dataset=slug, draft_id=draft_id, confirm_errors=confirm)
    return _outcome(outcome)


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/repair", methods=["POST"])
def draft_repair(slug: str, draft_id: int) -> Response:
    """Repair a draft again with corrections: JSON {"sheets": {"<sheet>": {"header": [3, 4], "skip": [58],
    "keep": [], "types": {"6": "number"}, "titles": {"2": "Tên xã"}}}} ('' names a CSV's one table)."""
    try:
        options = RepairOptions.from_dict(_json_body())
    except ValueError as error:
        raise InvalidInput({"body": "invalid-repair-options"}) from error
    outcome = versions.draft_repair(platform(), actor(), dataset=slug, draft_id=draft_id, options=options)
    return _outcome(outcome)


@blueprint.route("/datasets/<slug>/drafts/<int:draft_id>/personal", methods=["POST"])
def draft_personal(slug: str, draft_id: int) -> Response:
    """Decide on columns of personal data: JSON {"column": "so_cccd", "decision": "hash"} (decisions:
    drop, mask-last-digits with "digits", hash, keep with "reason"), or {"decisions": [{...}, ...]}."""
    body = _json_body()
    items = body.get("decisions", [body]) if isinstance(body.get("decisions", []), list) else None
    if not items or not all(isinstance(item, dict) for item in items):
        raise InvalidInput({"decisions": "required"})
    decided = []
    for item in items:
        digits = item.get("digits", 4)
        decided.append(personal.personal_decide(
            platform(), actor(), dataset=slug, draft_id=draft_id, column=str(item.get("column", "")),
            decision=str(item.get("decision", "")), digits=digits if isinstance(digits, int) else -1,
            reason=str(item.get("reason", "")),
        ))
    return jsonify(
        decisions=[{"column": ref.column, "decision": ref.decision, "digits": ref.digits, "reason": ref.reason} for ref in decided],
        undecided=decided[-1].undecided,
        links={"draft": url_for(".draft", slug=slug, draft_id=draft_id, _external=True),
               "publish": url_for(".draft_publish", slug=slug, draft_id=draft_id, _external=True)},
    )


def _outcome(outcome: versions.VersionOutcome) -> Response:
    links = {"dataset": url_for(".dataset", slug=outcome.dataset, _external=True),
             "draft": url_for(".draft", slug=outcome.dataset, draft_id=outcome.draft_id, _external=True)}
    if outcome.number is not None:
        links["version"] = url_for(".version", slug=outcome.dataset, number=outcome.number, _external=True)
        links["datapackage"] = url_for(".version_descriptor", slug=outcome.dataset, number=outcome.number, _external=True)
    else:
        links["publish"] = url_for(".draft_publish", slug=outcome.dataset, draft_id=outcome.draft_id, _external=True)
    if outcome.undecided:
        links["personal"] = url_for(".draft_personal", slug=outcome.dataset, draft_id=outcome.draft_id, _external=True)
    return jsonify(
        dataset=outcome.dataset,
        draft_id=outcome.draft_id,
        number=outcome.number,
        status=outcome.status,
        valid=outcome.valid,
        error_count=outcome.error_count,
        error_counts=outcome.error_counts,
        report=outcome.report,
        personal=outcome.personal,
        undecided=outcome.undecided,
        links=links,
    )


@blueprint.route("/audit")
def audit_log() -> Response:
    """The audit log for admins and auditors (filters: actor, action, target, since, until; paged)."""
    from .admin import audit_filter

    page = audit.audit_page(
        platform(), actor(), audit_filter(), page=request.args.get("page", 1, type=int),
        per_page=request.args.get("per_page", 50, type=int),
    )
    return jsonify(count=page.total, page=page.page, per_page=page.per_page, pages=page.pages,
                   results=[_plain(entry) for entry in page.items])


@blueprint.route("/agencies")
def agency_list() -> Response:
    items = agencies.agency_list(platform(), actor())
    return jsonify(
        count=len(items),
        results=[{**_plain(item), "url": url_for(".agency", slug=item.slug, _external=True)} for item in items],
    )


@blueprint.route("/agencies/<slug>")
def agency(slug: str) -> Response:
    detail = agencies.agency_detail(platform(), actor(), slug)
    body = _plain(detail.summary)
    body.update(
        description=detail.description,
        website=detail.website,
        email=detail.email,
        children=[_plain(child) for child in detail.children],
        datasets=[_summary(item) for item in detail.datasets],
        page=url_for("site.agency", slug=slug, _external=True),
    )
    return jsonify(body)
