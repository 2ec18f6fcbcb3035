"""Template helpers: codes to sentences, numbers and dates in the visitor's language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from publisher import messages
from publisher.queries.compliance import evidence_text, methodology
from publisher.queries.sources import failing_sources
from publisher.queries.views import SourceSummary

from .context import actor, platform
from .i18n import locale

__all__ = ["init_app"]


def _label(value: str, kind: str | None = None) -> str:
    return messages.label(value, _, kind)


def _harvest_message(code: str | None, params: dict[str, Any] | None = None) -> str:
    return messages.harvest_message(code, params or {}, _) if code else ""


def _error_message(code: str, **params: Any) -> str:
    return messages.error_message(code, params, _)


def _note(note: dict[str, Any]) -> str:
    return messages.describe_note(note, _)


def _explain(error: dict[str, Any], fields: list[dict[str, Any]]) -> messages.Explanation:
    return messages.explain(error, fields, _)


def _type_label(field_type: str) -> str:
    template = messages.TYPES.get(field_type)
    return _(template) if template else field_type


def _constraints(spec: dict[str, Any]) -> list[str]:
    """A field's constraints as short phrases in the visitor's language."""
    found = dict(spec.get("constraints") or {})
    phrases = []
    if found.pop("required", False):
        phrases.append(_("required"))
    if found.pop("unique", False):
        phrases.append(_("unique"))
    if "enum" in found:
        phrases.append(_("one of: %(values)s", values=", ".join(str(value) for value in found.pop("enum"))))
    for name, template in (("minimum", _l("at least %(value)s")), ("maximum", _l("at most %(value)s")),
                           ("minLength", _l("at least %(value)s characters")), ("maxLength", _l("at most %(value)s characters")),
                           ("pattern", _l("matches %(value)s"))):
        if name in found:
            phrases.append(str(template) % {"value": found.pop(name)})
    phrases.extend(f"{name}: {value}" for name, value in found.items())
    return phrases


def _when(value: dt.datetime | None, style: str = "medium") -> str:
    return format_datetime(value, style) if value else ""


def _day(value: dt.date | None) -> str:
    return format_date(value, "medium") if value else ""


def _number(value: int | float | None) -> str:
    return "" if value is None else format_decimal(value)


def _filesize(size: int | None) -> str:
    if size is None:
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{format_decimal(round(size, 1))} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def _licence(licence_id: str) -> dict[str, Any]:
    licence = platform().reference.licences.get(licence_id)
    if licence is None:
        return {"id": licence_id, "title": licence_id, "url": "", "open": False}
    return {"id": licence.id, "title": licence.title.get(locale(), licence.id), "url": licence.url, "open": licence.open}


def _frequency(frequency_id: str) -> str:
    frequency = platform().reference.frequencies.get(frequency_id)
    return frequency.title.get(locale(), frequency_id) if frequency else frequency_id


def _evidence(evidence: dict[str, Any]) -> str:
    return evidence_text(evidence, _)


def _localised(texts: dict[str, str] | None) -> str:
    """A rubric text ({vi, en}) in the visitor's language."""
    if not texts:
        return ""
    return texts.get(locale()) or texts.get("en") or next(iter(texts.values()), "")


def band_title(band_id: str) -> str:
    """A compliance band's title (Tốt, Khá, Đạt, Chưa đạt) in the visitor's language."""
    band = next((band for band in methodology().bands if band.id == band_id), None)
    return _localised(band.title) if band else band_id


def _percent(value: float | None) -> str:
    return "—" if value is None else format_decimal(round(value * 100)) + " %"


def _theme(theme_id: str) -> str:
    theme = platform().reference.themes.get(theme_id)
    return theme.title.get(locale(), theme_id) if theme else theme_id


def _unit(code: str) -> str:
    """A unit's name when the platform knows it (the 34 provinces and 3,321 communes in force), else its code."""
    return platform().reference.unit_name(code) or code


def _lang_url(code: str) -> str:
    arguments = {**request.view_args, **request.args.to_dict()} if request.view_args is not None else {}
    arguments["lang"] = code
    try:
        return url_for(request.endpoint or "site.index", **arguments)
    except Exception:  # noqa: BLE001 - an error page may have no endpoint to rebuild
        return url_for("site.index", lang=code)


def _failing_sources() -> list[SourceSummary]:
    """Sources of the visitor's agencies that failed: every page tells their officers."""
    return failing_sources(platform(), actor())


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        label=_label,
        harvest_message=_harvest_message,
        error_message=_error_message,
        note=_note,
        when=_when,
        day=_day,
        number=_number,
        filesize=_filesize,
        type_label=_type_label,
        constraints=_constraints,
        frequency=_frequency,
        evidence=_evidence,
        localised=_localised,
        band=band_title,
        percent=_percent,
        theme=_theme,
        unit=_unit,
    )
    app.jinja_env.globals.update(explain=_explain, licence=_licence, lang_url=_lang_url, locale=locale,
                                 failing_sources=_failing_sources)
