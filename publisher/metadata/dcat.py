"""DCAT-AP 3 in RDF: the catalogue, its datasets, their distributions (rdflib, behind this module).

Controlled vocabularies are the ones DCAT-AP asks for: the EU Publications Office's frequency,
data-theme, file-type and language authority tables, IANA media types, SPDX checksums. Our
frequency ids already are the EU ones (``config/frequencies.toml``). Administrative units have no
EU URI, so each becomes a ``dct:Location`` with its national code and its name.
"""

from __future__ import annotations

import datetime as dt

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, XSD

from .records import CatalogRecord, FileRecord, PublishedDataset

__all__ = ["FORMATS", "catalog_graph", "dataset_graph", "serialise"]

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
EU = "http://publications.europa.eu/resource/authority/"
FREQUENCY = Namespace(EU + "frequency/")
THEME = Namespace(EU + "data-theme/")
FILE_TYPE = Namespace(EU + "file-type/")
LANGUAGE = Namespace(EU + "language/")
IANA = "http://www.iana.org/assignments/media-types/"
DCAT_VERSION = URIRef(str(DCAT) + "version")
"""DCAT 3's, missing from rdflib's closed DCAT namespace."""
DCATAP = Namespace("http://data.europa.eu/r5r/")
VIETNAMESE = LANGUAGE["VIE"]
COUNTRY = URIRef(EU + "country/VNM")
STABLE = URIRef(EU + "planned-availability/STABLE")
"""A version's files never change: each distribution is as available as the site."""
FILE_TYPES = {"text/csv": "CSV", "application/json": "JSON", "application/zip": "ZIP"}
TABLE_SCHEMA = URIRef("https://specs.frictionlessdata.io/table-schema/")
DATA_PACKAGE = URIRef("https://specs.frictionlessdata.io/data-package/")

FORMATS = {"ttl": ("turtle", "text/turtle"), "jsonld": ("json-ld", "application/ld+json"),
           "rdf": ("xml", "application/rdf+xml")}
"""File extension → (rdflib format, media type)."""


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD), ("spdx", SPDX),
                              ("hydra", HYDRA), ("skos", SKOS), ("dcatap", DCATAP)):
        graph.bind(prefix, namespace)
    return graph


def serialise(graph: Graph, extension: str) -> bytes:
    """The graph as Turtle, JSON-LD or RDF/XML, in UTF-8."""
    rdflib_format, _media_type = FORMATS[extension]
    return graph.serialize(format=rdflib_format, encoding="utf-8")


def catalog_graph(catalog: CatalogRecord) -> Graph:
    """One page of the catalogue: the catalogue, the page's datasets, and hydra links to the others."""
    graph = _graph()
    node = URIRef(catalog.url + "catalog")
    graph.add((node, RDF.type, DCAT.Catalog))
    graph.add((node, DCTERMS.title, Literal(catalog.title, lang="vi")))
    graph.add((node, DCTERMS.description, Literal(catalog.description, lang="vi")))
    graph.add((node, FOAF.homepage, _document(graph, catalog.url)))
    graph.add((node, DCTERMS.language, _language(graph)))
    graph.add((COUNTRY, RDF.type, DCTERMS.Location))
    graph.add((node, DCTERMS.spatial, COUNTRY))
    graph.add((node, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    publisher = URIRef(catalog.url + "#publisher")
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(catalog.publisher_name, lang="vi")))
    graph.add((node, DCTERMS.publisher, publisher))
    if catalog.modified:
        graph.add((node, DCTERMS.modified, _datetime(catalog.modified)))
    for dataset in catalog.datasets:
        graph.add((node, DCAT.dataset, _add_dataset(graph, dataset)))
    page = URIRef(catalog.page_url)
    graph.add((page, RDF.type, HYDRA.PagedCollection))
    graph.add((page, HYDRA.totalItems, Literal(catalog.total, datatype=XSD.integer)))
    graph.add((page, HYDRA.itemsPerPage, Literal(catalog.per_page, datatype=XSD.integer)))
    last = max(1, -(-catalog.total // catalog.per_page))
    graph.add((page, HYDRA.firstPage, Literal(catalog.page_link(1))))
    graph.add((page, HYDRA.lastPage, Literal(catalog.page_link(last))))
    if catalog.page > 1:
        graph.add((page, HYDRA.previousPage, Literal(catalog.page_link(min(catalog.page - 1, last)))))
    if catalog.page < last:
        graph.add((page, HYDRA.nextPage, Literal(catalog.page_link(catalog.page + 1))))
    return graph


def dataset_graph(dataset: PublishedDataset) -> Graph:
    graph = _graph()
    _add_dataset(graph, dataset)
    return graph


def _add_dataset(graph: Graph, dataset: PublishedDataset) -> URIRef:
    node = URIRef(dataset.url)
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(dataset.url)))
    graph.add((node, DCTERMS.title, Literal(dataset.title, lang="vi")))
    graph.add((node, DCTERMS.description, Literal(dataset.description or dataset.title, lang="vi")))
    graph.add((node, DCAT.landingPage, _document(graph, dataset.url)))
    graph.add((node, DCTERMS.language, _language(graph)))
    graph.add((node, DCTERMS.issued, _datetime(dataset.issued)))
    graph.add((node, DCTERMS.modified, _datetime(dataset.modified)))
    graph.add((node, DCAT_VERSION, Literal(str(dataset.version))))
    for tag in dataset.tags:
        graph.add((node, DCAT.keyword, Literal(tag, lang="vi")))
    for theme in dataset.themes:
        graph.add((node, DCAT.theme, THEME[theme]))
        graph.add((THEME[theme], RDF.type, SKOS.Concept))
    graph.add((node, DCTERMS.accrualPeriodicity, FREQUENCY[dataset.frequency]))
    graph.add((FREQUENCY[dataset.frequency], RDF.type, DCTERMS.Frequency))
    graph.add((node, DCTERMS.publisher, _agent(graph, dataset)))
    graph.add((node, DCAT.contactPoint, _contact(graph, dataset)))
    if not dataset.spatial and dataset.agency.level == "ministry":  # a ministry's data covers the country
        graph.add((COUNTRY, RDF.type, DCTERMS.Location))
        graph.add((node, DCTERMS.spatial, COUNTRY))
    for unit in dataset.spatial:
        location = BNode()
        graph.add((location, RDF.type, DCTERMS.Location))
        graph.add((location, DCTERMS.identifier, Literal(unit.code)))
        if unit.name:
            graph.add((location, SKOS.prefLabel, Literal(unit.name, lang="vi")))
        graph.add((node, DCTERMS.spatial, location))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            graph.add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            graph.add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
        graph.add((node, DCTERMS.temporal, period))
    for item in dataset.files:
        graph.add((node, DCAT.distribution, _distribution(graph, dataset, item)))
    return node


def _agent(graph: Graph, dataset: PublishedDataset) -> URIRef:
    agency = dataset.agency
    node = URIRef(agency.url)
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, Literal(agency.name, lang="vi")))
    graph.add((node, DCTERMS.identifier, Literal(agency.code or agency.slug)))
    # The ADMS publisher types that fit a state agency: national or local authority.
    kind = "NationalAuthority" if agency.level == "ministry" else "LocalAuthority"
    graph.add((node, DCTERMS.type, URIRef("http://purl.org/adms/publishertype/" + kind)))
    if agency.website:
        graph.add((node, FOAF.homepage, URIRef(agency.website)))
    if agency.email:
        graph.add((node, FOAF.mbox, URIRef("mailto:" + agency.email)))
    return node


def _contact(graph: Graph, dataset: PublishedDataset) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, VCARD.Kind))
    graph.add((node, RDF.type, VCARD.Organization))
    graph.add((node, VCARD.fn, Literal(dataset.contact_name or dataset.agency.name, lang="vi")))
    email = dataset.contact_email or dataset.agency.email
    if email:
        graph.add((node, VCARD.hasEmail, URIRef("mailto:" + email)))
    graph.add((node, VCARD.hasURL, URIRef(dataset.agency.url)))
    return node


def _distribution(graph: Graph, dataset: PublishedDataset, item: FileRecord) -> URIRef:
    node = URIRef(item.url)
    url = URIRef(item.url)
    graph.add((node, RDF.type, DCAT.Distribution))
    graph.add((node, DCTERMS.title, Literal(item.title, lang="vi")))
    graph.add((node, DCTERMS.description, Literal(_file_description(item), lang="vi")))
    graph.add((node, DCATAP.availability, STABLE))
    graph.add((STABLE, RDF.type, SKOS.Concept))
    graph.add((node, DCAT.accessURL, URIRef(dataset.url)))
    graph.add((node, DCAT.downloadURL, url))
    media_type = URIRef(IANA + item.media_type)
    graph.add((media_type, RDF.type, DCTERMS.MediaType))
    graph.add((node, DCAT.mediaType, media_type))
    file_type = FILE_TYPE[FILE_TYPES[item.media_type]]
    graph.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    graph.add((node, DCTERMS.format, file_type))
    graph.add((node, DCAT.byteSize, Literal(item.bytes, datatype=XSD.nonNegativeInteger)))
    checksum = BNode()
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    graph.add((checksum, SPDX.checksumValue, Literal(item.sha256, datatype=XSD.hexBinary)))
    graph.add((node, SPDX.checksum, checksum))
    graph.add((node, DCTERMS.modified, _datetime(dataset.modified)))
    if dataset.licence_url:
        licence = URIRef(dataset.licence_url)
        graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
        graph.add((licence, DCTERMS.title, Literal(dataset.licence_title, lang="vi")))
        graph.add((node, DCTERMS.license, licence))
    if item.kind == "table":
        standard = URIRef(TABLE_SCHEMA)
        graph.add((standard, RDF.type, DCTERMS.Standard))
        graph.add((node, DCTERMS.conformsTo, standard))
    else:
        graph.add((DATA_PACKAGE, RDF.type, DCTERMS.Standard))
        graph.add((node, DCTERMS.conformsTo, DATA_PACKAGE))
    return node


def _file_description(item: FileRecord) -> str:
    if item.description:
        return item.description
    if item.kind == "table":
        return f"Bảng “{item.title}”: {item.rows or 0} dòng, CSV theo Table Schema đi kèm."
    if item.kind == "descriptor":
        return "Mô tả gói dữ liệu (Frictionless Data Package): các bảng, lược đồ, giấy phép."
    return "Toàn bộ gói dữ liệu (datapackage.json và các tệp CSV), nén zip."


def _language(graph: Graph) -> URIRef:
    graph.add((VIETNAMESE, RDF.type, DCTERMS.LinguisticSystem))
    return VIETNAMESE


def _document(graph: Graph, url: str) -> URIRef:
    node = URIRef(url)
    graph.add((node, RDF.type, FOAF.Document))
    return node


def _datetime(value: dt.datetime) -> Literal:
    return Literal(value.astimezone(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
                   datatype=XSD.dateTime)
