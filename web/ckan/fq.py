"""Read the Solr filter queries CKAN clients send (``fq``) into our facet filters.

What clients send in practice, and all that is understood here:

    organization:tinh-bac-ninh                          a value
    organization:a OR organization:b                    alternatives (CKAN's harvester, organizations_filter_include)
    -organization:a                                     exclusion (organizations_filter_exclude)
    tags:"hành chính"   tags:hành\\ chính                quoted or escaped values
    metadata_modified:[2026-11-23T01:00:00Z TO *]       changed since (the harvester's incremental runs)
    +dataset_type:dataset  capacity:public  state:active   always true here: ignored

Anything else is refused as CKAN refuses a query Solr cannot parse (``QueryError``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from publisher.search import facet_names

__all__ = ["CKAN_FACETS", "Filters", "QueryError", "parse"]

CKAN_FACETS = {"organization": "agency", "tags": "tag", "res_format": "format", "license_id": "licence"}
"""CKAN's facet names → ours; our own names (level, province…) are understood as they are."""
_ALWAYS = {("dataset_type", "dataset"), ("capacity", "public"), ("state", "active"), ("type", "dataset")}
_TOKEN = re.compile(r'\s*(?:(OR|AND)\b|([+-]?)([\w.]+):("(?:[^"\\]|\\.)*"|\[[^\]]*\]|(?:[^\s\\()]|\\.)+))\s*')


class QueryError(ValueError):
    pass


@dataclass
class Filters:
    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    modified_since: dt.datetime | None = None


def facet_name(name: str) -> str | None:
    name = CKAN_FACETS.get(name, name)
    return name if name in facet_names() else None


def parse(fq: str) -> Filters:
    filters = Filters()
    text = fq.replace("(", " ").replace(")", " ").strip()
    groups: list[list[tuple[str, str, str]]] = []
    joined = False
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise QueryError(f"cannot read the filter query at “{text[position:position + 30]}”")
        position = match.end()
        if match.group(1):
            joined = match.group(1) == "OR"
            continue
        term = (match.group(2), match.group(3), _value(match.group(4)))
        if joined and groups:
            groups[-1].append(term)
        else:
            groups.append([term])
        joined = False
    for group in groups:
        _apply(filters, group)
    return filters


def _value(raw: str) -> str:
    if raw.startswith('"') and raw.endswith('"'):
        raw = raw[1:-1]
    return re.sub(r"\\(.)", r"\1", raw)


def _apply(filters: Filters, group: list[tuple[str, str, str]]) -> None:
    signs = {sign for sign, _name, _value in group}
    names = {name for _sign, name, _value in group}
    if len(names) > 1 or len(signs) > 1:
        raise QueryError("alternatives (OR) must name one field with one sign")
    sign, name = group[0][0], group[0][1]
    values = [value for _sign, _name, value in group]
    if all((name, value) in _ALWAYS for value in values) and sign != "-":
        return
    if name == "metadata_modified":
        if sign == "-" or len(values) != 1:
            raise QueryError("metadata_modified takes one range")
        filters.modified_since = _since(values[0])
        return
    facet = facet_name(name)
    if facet is None:
        raise QueryError(f"unknown field “{name}”")
    target = filters.exclude if sign == "-" else filters.include
    if facet in target and sign != "-":
        raise QueryError(f"“{name}” given twice: write its values as alternatives (OR)")
    target.setdefault(facet, []).extend(values)


def _since(value: str) -> dt.datetime:
    match = re.fullmatch(r"\[\s*(\S+)\s+TO\s+\*\s*\]", value)
    if match is None:
        raise QueryError("metadata_modified takes a range [<time> TO *]")
    moment = match.group(1).rstrip("Z")
    if moment == "*":
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    try:
        parsed = dt.datetime.fromisoformat(moment)
    except ValueError as error:
        raise QueryError(f"not a time: “{match.group(1)}”") from error
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
