"""Harvest a DCAT catalogue (DCAT-AP 2 or 3) in Turtle, RDF/XML or JSON-LD, paged with Hydra.

Each ``dcat:Dataset`` becomes an item, identified by ``dct:identifier`` (else its URI; a blank
node without an identifier cannot be recognised from one run to the next, so it is left out).
Texts are taken in the first language of the ``languages`` option that the catalogue has
(Vietnamese, then English by default), then untagged. Pages are followed through
``hydra:next`` / ``hydra:nextPage`` (ckanext-dcat writes the latter, as a literal).

The catalogue is hostile input like any other: it is read through the safe client, RDF/XML is
refused if it declares entities, and JSON-LD contexts that point elsewhere are fetched through
the same client and inlined, so rdflib itself never opens a URL.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urljoin

import defusedxml.ElementTree
import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS

from .base import (
    Discovery,
    Feature,
    Fetched,
    Harvester,
    HarvestState,
    NotModified,
    RemoteItem,
    RemoteResource,
    SourceConfig,
)
from .downloads import DEFAULT_FORMATS, FORMATS_OPTION, fetch_tabular
from .errors import UnreadableResponse
from .http import Document, HttpClient

__all__ = ["DcatHarvester"]

HYDRA = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = rdflib.Namespace("http://schema.org/")

_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
}
_EXTENSIONS = {".ttl": "turtle", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld", ".json": "json-ld"}
_ACCEPT = "text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8"
_MAX_CONTEXTS = 10
"""Remote JSON-LD contexts inlined per page, at most (real catalogues use one or two)."""


class DcatHarvester(Harvester):
    """A DCAT-AP catalogue such as ckanext-dcat's ``/catalog.ttl``, a data.europa.eu-style feed, or a file."""

    name = "dcat"
    title = "DCAT catalogue (Turtle, RDF/XML, JSON-LD)"
    features = frozenset({Feature.CONDITIONAL_REQUESTS})
    config_schema = {
        "type": "object",
        "required": ["url"],
        "properties": {
            "url": {"type": "string", "pattern": "^https?://", "description": "The catalogue's first page."},
            "options": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "format": {"enum": ["turtle", "xml", "json-ld"],
                               "description": "The RDF syntax, when the server's media type does not say."},
                    "languages": {"type": "array", "items": {"type": "string"},
                                  "description": "Preferred languages of titles and descriptions. Default: vi, en."},
                    "max_pages": {"type": "integer", "minimum": 1, "description": "Most pages followed. Default: 1000."},
                    "formats": FORMATS_OPTION,
                },
            },
        },
    }

    def discover(self, config: SourceConfig, state: HarvestState) -> Discovery:
        graph = rdflib.Graph()
        for page in _pages(self.context.client, config):
            graph += page
        languages = tuple(config.options.get("languages", ("vi", "en")))
        items: dict[str, RemoteItem] = {}
        for item in _items(graph, languages):
            items.setdefault(item.remote_id, item)
        return Discovery(tuple(items.values()))

    def fetch(self, config: SourceConfig, item: RemoteItem, state: HarvestState) -> Fetched | NotModified:
        return fetch_tabular(self.context, item, state, config.options.get("formats", DEFAULT_FORMATS))


# Reading the catalogue ---------------------------------------------------------------------------


def _pages(client: HttpClient, config: SourceConfig) -> Iterator[rdflib.Graph]:
    max_pages = int(config.options.get("max_pages", 1000))
    url: str | None = config.url
    seen: set[str] = set()
    while url and url not in seen:
        if len(seen) == max_pages:
            raise UnreadableResponse("too-many-pages", url=config.url, limit=max_pages)
        seen.add(url)
        document = client.get_document(url, accept=_ACCEPT)
        page = _parse(client, document, config.options.get("format") or _syntax(document))
        yield page
        url = _next_page(page, document.url)


def _syntax(document: Document) -> str:
    if document.media_type in _MEDIA_TYPES:
        return _MEDIA_TYPES[document.media_type]
    path = document.url.split("?")[0].lower()
    for extension, syntax in _EXTENSIONS.items():
        if path.endswith(extension):
            return syntax
    raise UnreadableResponse("unknown-rdf-format", url=document.url, media_type=document.media_type or "")


def _parse(client: HttpClient, document: Document, syntax: str) -> rdflib.Graph:
    data: bytes | str = document.content
    if syntax == "xml":
        try:
            defusedxml.ElementTree.fromstring(document.content)
        except defusedxml.DefusedXmlException as error:
            raise UnreadableResponse("unsafe-xml", url=document.url) from error
        except defusedxml.ElementTree.ParseError as error:
            raise UnreadableResponse("invalid-rdf", url=document.url, reason=str(error)[:200]) from error
    elif syntax == "json-ld":
        data = json.dumps(_inline_contexts(client, document.json(), document.url, [0]))
    graph = rdflib.Graph()
    try:
        graph.parse(data=data, format=syntax, publicID=document.url)
    except Exception as error:  # noqa: BLE001 - rdflib's parsers raise whatever they trip on (IndexError, AttributeError…)
        raise UnreadableResponse("invalid-rdf", url=document.url, reason=f"{type(error).__name__}: {error}"[:200]) from error
    return graph


def _inline_contexts(client: HttpClient, node: Any, base: str, fetched: list[int]) -> Any:
    """Replace every remote ``@context`` reference by the context it names, fetched safely."""
    if isinstance(node, list):
        return [_inline_contexts(client, value, base, fetched) for value in node]
    if not isinstance(node, dict):
        return node
    if "@import" in node:
        raise UnreadableResponse("unsupported-jsonld", url=base, feature="@import")
    inlined = {}
    for key, value in node.items():
        if key == "@context":
            value = _context(client, value, base, fetched)
        inlined[key] = _inline_contexts(client, value, base, fetched)
    return inlined


def _context(client: HttpClient, value: Any, base: str, fetched: list[int]) -> Any:
    if isinstance(value, list):
        return [_context(client, entry, base, fetched) for entry in value]
    if not isinstance(value, str):
        return value
    fetched[0] += 1
    if fetched[0] > _MAX_CONTEXTS:
        raise UnreadableResponse("too-many-contexts", url=base, limit=_MAX_CONTEXTS)
    document = client.get_document(urljoin(base, value), accept="application/ld+json, application/json")
    remote = document.json()
    if not isinstance(remote, dict) or "@context" not in remote:
        raise UnreadableResponse("invalid-jsonld-context", url=document.url)
    return _context(client, remote["@context"], document.url, fetched)


def _next_page(page: rdflib.Graph, base: str) -> str | None:
    for predicate in (HYDRA.next, HYDRA.nextPage):
        for target in page.objects(None, predicate):
            return urljoin(base, str(target))
    return None


# Mapping DCAT to items ---------------------------------------------------------------------------


def _items(graph: rdflib.Graph, languages: Sequence[str]) -> Iterator[RemoteItem]:
    for subject in graph.subjects(RDF.type, DCAT.Dataset, unique=True):
        remote_id = _text(graph, subject, DCTERMS.identifier, languages) or (
            str(subject) if isinstance(subject, rdflib.URIRef) else "")
        if not remote_id:
            continue
        distributions = list(graph.objects(subject, DCAT.distribution))
        licence = _label(graph, graph.value(subject, DCTERMS.license), languages) or next(
            (label for dist in distributions if (label := _label(graph, graph.value(dist, DCTERMS.license), languages))), "")
        extras = {
            "dcat_uri": str(subject) if isinstance(subject, rdflib.URIRef) else "",
            "dcat_issued": _date(graph.value(subject, DCTERMS.issued)) or "",
            "dcat_accrual_periodicity": _label(graph, graph.value(subject, DCTERMS.accrualPeriodicity), languages),
            "dcat_theme": " ".join(sorted(str(theme) for theme in graph.objects(subject, DCAT.theme))),
            **_contact(graph, graph.value(subject, DCAT.contactPoint), languages),
            **_period(graph, graph.value(subject, DCTERMS.temporal)),
        }
        yield RemoteItem(
            remote_id=remote_id,
            title=_text(graph, subject, DCTERMS.title, languages) or remote_id,
            description=_text(graph, subject, DCTERMS.description, languages),
            tags=_keywords(graph, subject, languages),
            licence=licence,
            organisation=_label(graph, graph.value(subject, DCTERMS.publisher), languages),
            modified=_date(graph.value(subject, DCTERMS.modified)),
            landing_page=str(graph.value(subject, DCAT.landingPage) or ""),
            extras={key: value for key, value in extras.items() if value},
            resources=tuple(_resource(graph, dist, languages) for dist in distributions),
        )


def _contact(graph: rdflib.Graph, node: rdflib.term.Node | None, languages: Sequence[str]) -> dict[str, str]:
    """A vCard contact point's name and e-mail (``mailto:`` dropped)."""
    if node is None:
        return {}
    name = _text(graph, node, VCARD.fn, languages) or _text(graph, node, VCARD["organization-name"], languages)
    email = str(graph.value(node, VCARD.hasEmail) or "").removeprefix("mailto:")
    return {"dcat_contact_name": name, "dcat_contact_email": email}


def _period(graph: rdflib.Graph, node: rdflib.term.Node | None) -> dict[str, str]:
    """A dct:PeriodOfTime's start and end (DCAT 2's dcat:startDate, or schema.org's as DCAT-AP 1 had it)."""
    if node is None:
        return {}
    start = graph.value(node, DCAT.startDate) or graph.value(node, SCHEMA.startDate)
    end = graph.value(node, DCAT.endDate) or graph.value(node, SCHEMA.endDate)
    return {"dcat_temporal_start": _date(start) or "", "dcat_temporal_end": _date(end) or ""}


def _resource(graph: rdflib.Graph, dist: rdflib.term.Node, languages: Sequence[str]) -> RemoteResource:
    url = graph.value(dist, DCAT.downloadURL) or graph.value(dist, DCAT.accessURL)
    media_type = graph.value(dist, DCAT.mediaType)
    return RemoteResource(
        key=str(dist) if isinstance(dist, rdflib.URIRef) else str(url or ""),
        url=str(url or ""),
        name=_text(graph, dist, DCTERMS.title, languages),
        format=_last_segment(_label(graph, graph.value(dist, DCTERMS.format), languages)).upper(),
        media_type=str(media_type or "").removeprefix("http://www.iana.org/assignments/media-types/")
        .removeprefix("https://www.iana.org/assignments/media-types/"),
        description=_text(graph, dist, DCTERMS.description, languages),
    )


def _preferred(literals: list[rdflib.Literal], languages: Sequence[str]) -> list[rdflib.Literal]:
    """The literals in the best language available: preferred ones in order, then untagged, then any."""
    for language in (*languages, None):
        chosen = [literal for literal in literals if (literal.language or None) == language]
        if chosen:
            return chosen
    return literals[:1]


def _text(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef, languages: Sequence[str]) -> str:
    literals = [value for value in graph.objects(subject, predicate) if isinstance(value, rdflib.Literal)]
    chosen = _preferred(literals, languages)
    return str(chosen[0]).strip() if chosen else ""


def _keywords(graph: rdflib.Graph, subject: rdflib.term.Node, languages: Sequence[str]) -> tuple[str, ...]:
    literals = [value for value in graph.objects(subject, DCAT.keyword) if isinstance(value, rdflib.Literal)]
    return tuple(sorted({str(literal).strip() for literal in _preferred(literals, languages)}))


def _label(graph: rdflib.Graph, node: rdflib.term.Node | None, languages: Sequence[str]) -> str:
    """A literal's text, a resource's name or label, else a URI as it is."""
    if node is None:
        return ""
    if isinstance(node, rdflib.Literal):
        return str(node).strip()
    for predicate in (FOAF.name, SKOS.prefLabel, RDFS.label, DCTERMS.title, RDF.value):
        if text := _text(graph, node, predicate, languages):
            return text
    return str(node) if isinstance(node, rdflib.URIRef) else ""


def _last_segment(value: str) -> str:
    """``…/file-type/CSV`` (EU vocabulary) → ``CSV``; a plain ``CSV`` stays."""
    return value.rstrip("/").rsplit("/", 1)[-1] if "://" in value else value


def _date(node: rdflib.term.Node | None) -> str | None:
    if not isinstance(node, rdflib.Literal):
        return None
    value = node.toPython()
    return value.isoformat() if hasattr(value, "isoformat") else str(node)
