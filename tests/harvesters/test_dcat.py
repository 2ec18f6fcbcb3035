"""Harvesting DCAT catalogues: the real CKAN's ckanext-dcat endpoints, and DCAT-AP 2/3 files on a local server."""

from __future__ import annotations

import json

import pytest
import rdflib

from harvesters.base import Fetched, FetchedFile, HarvestState, SourceConfig
from harvesters.dcat import DcatHarvester
from harvesters.errors import UnreadableResponse, UnsafeTarget

from .conftest import CkanPeer, ContextFactory, Organisation
from .servers import FileServer, Trap

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n".encode()

PREFIXES = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

PAGE_1 = PREFIXES + """
<{base}/page1.ttl> a hydra:PagedCollection ;
    hydra:totalItems 2 ; hydra:itemsPerPage 1 ;
    hydra:nextPage "{base}/page2.ttl" .

<{base}/catalog> a dcat:Catalog ; dcat:dataset <{base}/dataset/dan-so> .

<{base}/dataset/dan-so> a dcat:Dataset ;
    dct:identifier "dan-so-2024" ;
    dct:title "Population by province"@en, "Dân số theo tỉnh"@vi ;
    dct:description "Resident population at 1 April 2024."@en ;
    dcat:keyword "dân số"@vi, "thống kê"@vi, "population"@en ;
    dct:license <http://creativecommons.org/licenses/by/4.0/> ;
    dct:publisher [ a foaf:Agent ; foaf:name "Cục Thống kê tỉnh Bắc Ninh"@vi, "Bac Ninh Statistics Office"@en ] ;
    dct:modified "2024-05-01"^^xsd:date ;
    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/SOCI> ;
    dcat:contactPoint [ a vcard:Kind ; vcard:fn "Phòng Thống kê Dân số"@vi ; vcard:hasEmail <mailto:danso@bacninh.gov.vn> ] ;
    dct:temporal [ a dct:PeriodOfTime ; dcat:startDate "2024-04-01"^^xsd:date ; dcat:endDate "2024-04-01"^^xsd:date ] ;
    dcat:landingPage <{base}/dataset/dan-so.html> ;
    dcat:distribution <{base}/dataset/dan-so/csv> .

<{base}/dataset/dan-so/csv> a dcat:Distribution ;
    dct:title "Dân số (CSV)"@vi ;
    dcat:downloadURL <{base}/files/dan-so.csv> ;
    dcat:accessURL <{base}/dataset/dan-so.html> ;
    dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
    dcat:mediaType <http://www.iana.org/assignments/media-types/text/csv> .
"""

PAGE_2 = PREFIXES + """
<{base}/page2.ttl> a hydra:PagedCollection ; hydra:nextPage "{base}/page1.ttl" .

<{base}/dataset/truong-hoc> a dcat:Dataset ;
    dct:title "Trường học" ;
    dcat:distribution [ a dcat:Distribution ;
        dcat:accessURL <{base}/files/truong-hoc.xlsx> ;
        dct:format "XLSX" ;
        dct:license <http://creativecommons.org/publicdomain/zero/1.0/> ] .
"""

AP3_JSONLD = {
    "@context": "context.jsonld",
    "@graph": [
        {"@id": "{base}/ap3.jsonld", "@type": "hydra:PartialCollectionView", "hydra:next": {"@id": "{base}/ap3-end.jsonld"}},
        {"@id": "{base}/dataset/ngan-sach", "@type": "Dataset", "identifier": "ngan-sach-2025",
         "title": [{"@value": "Dự toán ngân sách", "@language": "vi"}],
         "keyword": [{"@value": "ngân sách", "@language": "vi"}],
         "distribution": [{"@id": "{base}/dataset/ngan-sach/csv", "@type": "Distribution",
                           "downloadURL": {"@id": "{base}/files/dan-so.csv"}, "mediaType": "text/csv"}]},
    ],
}
AP3_END = {"@context": "context.jsonld", "@graph": [
    {"@id": "{base}/dataset/ho-ngheo", "@type": "Dataset", "title": "Hộ nghèo", "modified": "2025-01-15T08:30:00"}]}
CONTEXT = {"@context": {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "hydra": "http://www.w3.org/ns/hydra/core#",
    "Dataset": "dcat:Dataset", "Distribution": "dcat:Distribution", "identifier": "dct:identifier", "title": "dct:title",
    "keyword": "dcat:keyword", "distribution": "dcat:distribution", "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
    "mediaType": "dcat:mediaType",
    "modified": {"@id": "dct:modified", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
}}


def _serve(served: FileServer, name: str, text: str) -> str:
    (served.root / name).write_text(text.replace("{base}", served.url), encoding="utf-8")
    return f"{served.url}/{name}"


@pytest.fixture
def catalogue(served: FileServer) -> FileServer:
    (served.root / "files").mkdir()
    (served.root / "files" / "dan-so.csv").write_bytes(POPULATION)
    _serve(served, "page1.ttl", PAGE_1)
    _serve(served, "page2.ttl", PAGE_2)
    return served


def test_a_paged_turtle_catalogue_is_read_in_the_preferred_language(catalogue: FileServer, make_context: ContextFactory) -> None:
    harvester = DcatHarvester(make_context(catalogue.address))
    config = SourceConfig(f"{catalogue.url}/page1.ttl")

    discovery = harvester.discover(config, HarvestState())

    items = {item.remote_id: item for item in discovery.items}
    assert set(items) == {"dan-so-2024", f"{catalogue.url}/dataset/truong-hoc"}, "both pages, and the loop back stops"
    population = items["dan-so-2024"]
    assert population.title == "Dân số theo tỉnh"
    assert population.description == "Resident population at 1 April 2024.", "English when there is no Vietnamese"
    assert population.tags == ("dân số", "thống kê")
    assert population.licence == "http://creativecommons.org/licenses/by/4.0/"
    assert population.organisation == "Cục Thống kê tỉnh Bắc Ninh"
    assert population.modified == "2024-05-01"
    assert population.landing_page == f"{catalogue.url}/dataset/dan-so.html"
    assert {key: population.extras.get(key) for key in ("dcat_contact_name", "dcat_contact_email", "dcat_temporal_start",
                                                        "dcat_temporal_end", "dcat_theme")} == {
        "dcat_contact_name": "Phòng Thống kê Dân số", "dcat_contact_email": "danso@bacninh.gov.vn",
        "dcat_temporal_start": "2024-04-01", "dcat_temporal_end": "2024-04-01",
        "dcat_theme": "http://publications.europa.eu/resource/authority/data-theme/SOCI"}
    [resource] = population.resources
    assert (resource.url, resource.name, resource.format, resource.media_type) == (
        f"{catalogue.url}/files/dan-so.csv", "Dân số (CSV)", "CSV", "text/csv")
    schools = items[f"{catalogue.url}/dataset/truong-hoc"]
    assert schools.licence == "http://creativecommons.org/publicdomain/zero/1.0/", "DCAT-AP puts it on the distribution"
    assert schools.resources[0].url == f"{catalogue.url}/files/truong-hoc.xlsx"

    fetched = harvester.fetch(config, population, HarvestState())
    assert isinstance(fetched, Fetched) and isinstance(fetched.files[0], FetchedFile)
    assert fetched.files[0].path.read_bytes() == POPULATION


@pytest.mark.parametrize(("syntax", "name"), [("xml", "catalog.rdf"), ("json-ld", "catalog.jsonld")])
def test_rdf_xml_and_json_ld_say_the_same_as_turtle(syntax: str, name: str, catalogue: FileServer,
                                                    make_context: ContextFactory) -> None:
    graph = rdflib.Graph().parse(data=PAGE_1.replace("{base}", catalogue.url), format="turtle")
    (catalogue.root / name).write_text(graph.serialize(format=syntax), encoding="utf-8")
    harvester = DcatHarvester(make_context(catalogue.address))

    turtle = harvester.discover(SourceConfig(f"{catalogue.url}/page1.ttl"), HarvestState())
    other = harvester.discover(SourceConfig(f"{catalogue.url}/{name}"), HarvestState())

    assert other == turtle


def test_dcat_ap_3_json_ld_with_a_remote_context_and_hydra_next(catalogue: FileServer, make_context: ContextFactory) -> None:
    for name, document in (("ap3.jsonld", AP3_JSONLD), ("ap3-end.jsonld", AP3_END), ("context.jsonld", CONTEXT)):
        _serve(catalogue, name, json.dumps(document, ensure_ascii=False))
    harvester = DcatHarvester(make_context(catalogue.address))

    discovery = harvester.discover(SourceConfig(f"{catalogue.url}/ap3.jsonld"), HarvestState())

    items = {item.remote_id: item for item in discovery.items}
    assert set(items) == {"ngan-sach-2025", f"{catalogue.url}/dataset/ho-ngheo"}
    assert items["ngan-sach-2025"].title == "Dự toán ngân sách"
    assert items["ngan-sach-2025"].resources[0].media_type == "text/csv"
    assert items[f"{catalogue.url}/dataset/ho-ngheo"].modified == "2025-01-15T08:30:00"
    assert catalogue.count("/context.jsonld") == 2, "fetched by the safe client, once per page"


def test_a_json_ld_context_on_a_forbidden_host_is_never_fetched(catalogue: FileServer, trap: Trap,
                                                                make_context: ContextFactory) -> None:
    url = _serve(catalogue, "evil.jsonld", json.dumps({"@context": f"{trap.url}/context.jsonld", "@id": "x"}))
    harvester = DcatHarvester(make_context(catalogue.address))

    with pytest.raises(UnsafeTarget) as caught:
        harvester.discover(SourceConfig(url), HarvestState())
    assert caught.value.code == "host-not-allowed"


@pytest.mark.parametrize(("document", "context", "code"), [
    ({"@context": "context.jsonld", "@id": "x"}, {"no": "context here"}, "invalid-jsonld-context"),
    ({"@context": {"@import": "context.jsonld"}, "@id": "x"}, CONTEXT, "unsupported-jsonld"),
    ({"@context": ["context.jsonld"] * 11, "@id": "x"}, CONTEXT, "too-many-contexts"),
])
def test_an_unusable_json_ld_context_is_reported(document: dict[str, object], context: dict[str, object], code: str,
                                                 catalogue: FileServer, make_context: ContextFactory) -> None:
    _serve(catalogue, "context.jsonld", json.dumps(context))
    url = _serve(catalogue, "odd.jsonld", json.dumps(document))

    with pytest.raises(UnreadableResponse) as caught:
        DcatHarvester(make_context(catalogue.address)).discover(SourceConfig(url), HarvestState())
    assert caught.value.code == code


def test_rdf_xml_declaring_entities_is_refused(catalogue: FileServer, make_context: ContextFactory) -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="x">&b;'
            '</rdf:Description></rdf:RDF>')
    url = _serve(catalogue, "bomb.rdf", bomb)

    with pytest.raises(UnreadableResponse) as caught:
        DcatHarvester(make_context(catalogue.address)).discover(SourceConfig(url), HarvestState())
    assert caught.value.code == "unsafe-xml"


@pytest.mark.parametrize(("name", "text", "options", "code"), [
    ("broken.ttl", "@prefix dcat: <http://www.w3.org/ns/dcat#> . <x> a dcat:Dataset", {}, "invalid-rdf"),
    ("broken.rdf", "<rdf:RDF><unclosed></rdf:RDF>", {}, "invalid-rdf"),
    ("catalog.txt", PAGE_2, {}, "unknown-rdf-format"),
    ("page1.ttl", PAGE_1, {"max_pages": 1}, "too-many-pages"),
])
def test_an_unusable_catalogue_is_reported_by_code(name: str, text: str, options: dict[str, object], code: str,
                                                   catalogue: FileServer, make_context: ContextFactory) -> None:
    url = _serve(catalogue, name, text)

    with pytest.raises(UnreadableResponse) as caught:
        DcatHarvester(make_context(catalogue.address)).discover(SourceConfig(url, options), HarvestState())
    assert caught.value.code == code


def test_the_format_option_reads_a_catalogue_served_with_a_vague_media_type(catalogue: FileServer,
                                                                           make_context: ContextFactory) -> None:
    url = _serve(catalogue, "catalog.txt", PAGE_2)

    discovery = DcatHarvester(make_context(catalogue.address)).discover(SourceConfig(url, {"format": "turtle"}), HarvestState())

    assert sorted(item.title for item in discovery.items) == ["Dân số theo tỉnh", "Trường học"]


# The real CKAN's ckanext-dcat --------------------------------------------------------------------


@pytest.mark.parametrize("extension", ["ttl", "rdf", "jsonld", "xml"])
def test_ckan_catalogue_endpoints_are_harvested(extension: str, ckan: CkanPeer, organisation: Organisation,
                                                served: FileServer, make_context: ContextFactory) -> None:
    (served.root / "dan-so.csv").write_bytes(POPULATION)
    package = organisation.publish(
        "dan-so", title="Dân số các tỉnh", notes="Số liệu do Cục Thống kê cung cấp.",
        tags=[{"name": "dân số"}], resources=[{"url": f"{served.url}/dan-so.csv", "name": "Dân số", "format": "CSV"}])
    harvester = DcatHarvester(make_context(ckan.address, served.address))
    # ckanext-dcat filters its catalogue with CKAN's search syntax (and answers 500 to a zoned modified_since).
    config = SourceConfig(f"{ckan.url}/catalog.{extension}?fq=organization:{organisation.name}")

    discovery = harvester.discover(config, HarvestState())

    [item] = discovery.items
    assert item.remote_id == package["id"]
    assert (item.title, item.description, item.tags) == ("Dân số các tỉnh", "Số liệu do Cục Thống kê cung cấp.", ("dân số",))
    assert item.organisation == organisation.title
    assert item.modified and item.modified.startswith(package["metadata_modified"][:19])
    fetched = harvester.fetch(config, item, HarvestState())
    assert isinstance(fetched, Fetched) and isinstance(fetched.files[0], FetchedFile)
    assert fetched.files[0].path.read_bytes() == POPULATION
