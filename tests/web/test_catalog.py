"""DCAT-AP 3: the catalogue and each dataset in Turtle, JSON-LD and RDF/XML, conforming to DCAT-AP 3
SHACL shapes (tests/shacl/), paged, filtered by ``modified_since``, linked from the dataset page."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef

from publisher.models import Dataset
from publisher.platform import Platform
from publisher.services import datasets
from publisher.services.datasets import Coverage

from ..helpers import DATA, World

SHAPES = Graph().parse(Path(__file__).parents[1] / "shacl" / "dcat-ap-3.ttl")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
EU = "http://publications.europa.eu/resource/authority/"
BASE = "http://localhost"
FORMATS = {"ttl": ("turtle", "text/turtle"), "jsonld": ("json-ld", "application/ld+json"),
           "rdf": ("xml", "application/rdf+xml")}


@pytest.fixture
def published(world: World) -> str:
    slug = world.dataset("Đơn vị hành chính cấp tỉnh", description="Mã và tên các tỉnh, thành phố.",
                         tags="hành chính, địa giới", frequency="ANNUAL",
                         coverage=Coverage(contact_name="Phòng Thống kê tổng hợp", contact_email="thongke@bacninh.gov.vn",
                                           themes=["GOVE", "REGI"], spatial="24, 01", temporal_start="2025-01-01",
                                           temporal_end="2025-12-31"))
    world.publish(slug, DATA / "leading-zero-codes.csv")
    return slug


def _get(client, path: str, extension: str) -> Graph:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.mimetype == FORMATS[extension][1]
    return Graph().parse(data=response.data, format=FORMATS[extension][0])


def _problems(graph: Graph) -> tuple[bool, list[tuple[str, str, str]]]:
    conforms, results, _text = validate(graph, shacl_graph=SHAPES, allow_warnings=True)
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        found.append((str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[1],
                      str(results.value(result, SH.focusNode)), str(results.value(result, SH.resultPath))))
    return conforms, sorted(found)


@pytest.mark.parametrize("extension", ["ttl", "jsonld", "rdf"])
def test_the_catalogue_conforms_to_dcat_ap_3_in_every_format(client, published: str, extension: str) -> None:  # type: ignore[no-untyped-def]
    graph = _get(client, f"/catalog.{extension}", extension)

    conforms, problems = _problems(graph)
    assert conforms, problems
    catalogue = f"{BASE}/catalog"
    dataset = URIRef(f"{BASE}/datasets/{published}")
    # What DCAT-AP recommends and the platform cannot know: when the catalogue began, its own licence.
    assert set(problems) == {("Warning", catalogue, str(DCTERMS.issued)), ("Warning", catalogue, str(DCTERMS.license))}
    assert (URIRef(catalogue), DCAT.dataset, dataset) in graph


def test_a_dataset_says_what_a_national_portal_needs(client, published: str) -> None:  # type: ignore[no-untyped-def]
    graph = _get(client, f"/datasets/{published}.ttl", "ttl")
    dataset = URIRef(f"{BASE}/datasets/{published}")

    assert graph.value(dataset, DCTERMS.title) == Literal("Đơn vị hành chính cấp tỉnh", lang="vi")
    assert graph.value(dataset, DCTERMS.description) == Literal("Mã và tên các tỉnh, thành phố.", lang="vi")
    assert set(graph.objects(dataset, DCAT.keyword)) == {Literal("hành chính", lang="vi"), Literal("địa giới", lang="vi")}
    assert graph.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert graph.value(publisher, FOAF.name) == Literal("Ủy ban nhân dân tỉnh Bắc Ninh", lang="vi")
    contact = graph.value(dataset, DCAT.contactPoint)
    assert graph.value(contact, VCARD.fn) == Literal("Phòng Thống kê tổng hợp", lang="vi")
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:thongke@bacninh.gov.vn")
    assert set(graph.objects(dataset, DCAT.theme)) == {URIRef(EU + "data-theme/GOVE"), URIRef(EU + "data-theme/REGI")}
    places = {str(graph.value(node, DCTERMS.identifier)): str(graph.value(node, SKOS.prefLabel))
              for node in graph.objects(dataset, DCTERMS.spatial)}
    assert places == {"24": "Tỉnh Bắc Ninh", "01": "Thành phố Hà Nội"}
    period = graph.value(dataset, DCTERMS.temporal)
    assert (graph.value(period, DCAT.startDate), graph.value(period, DCAT.endDate)) == \
        (Literal("2025-01-01", datatype=XSD.date), Literal("2025-12-31", datatype=XSD.date))

    distributions = {str(graph.value(node, DCAT.downloadURL)): node for node in graph.objects(dataset, DCAT.distribution)}
    versioned = f"{BASE}/api/v1/datasets/{published}/versions/1"
    assert set(distributions) == {f"{versioned}/data/{published}.csv", f"{versioned}/datapackage.json",
                                  f"{versioned}/datapackage.zip"}
    csv = distributions[f"{versioned}/data/{published}.csv"]
    assert graph.value(csv, DCTERMS["format"]) == URIRef(EU + "file-type/CSV")
    assert graph.value(csv, DCAT.mediaType) == URIRef("http://www.iana.org/assignments/media-types/text/csv")
    assert graph.value(csv, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(csv, DCTERMS.conformsTo) == URIRef("https://specs.frictionlessdata.io/table-schema/")
    # The size and checksum are those of the bytes a developer downloads.
    body = client.get(f"/api/v1/datasets/{published}/versions/1/data/{published}.csv").data
    assert graph.value(csv, DCAT.byteSize) == Literal(len(body), datatype=XSD.nonNegativeInteger)
    checksum = graph.value(csv, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == hashlib.sha256(body).hexdigest()

    conforms, problems = _problems(graph)
    assert conforms and problems == [], problems


def test_a_dataset_described_briefly_falls_back_on_its_agency(client, world: World) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Danh mục xã")
    world.publish(slug, DATA / "leading-zero-codes.csv")

    graph = _get(client, f"/datasets/{slug}.rdf", "rdf")

    dataset = URIRef(f"{BASE}/datasets/{slug}")
    contact = graph.value(dataset, DCAT.contactPoint)
    assert graph.value(contact, VCARD.fn) == Literal("Ủy ban nhân dân tỉnh Bắc Ninh", lang="vi")
    spatial = graph.value(dataset, DCTERMS.spatial)
    assert graph.value(spatial, DCTERMS.identifier) == Literal("24"), "the agency's province when none is stated"
    assert graph.value(dataset, DCTERMS.description) == Literal("Danh mục xã", lang="vi"), "DCAT-AP requires one"
    assert graph.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/IRREG")
    conforms, problems = _problems(graph)
    # Keywords, themes and the period covered are recommended: a dataset described without them is warned about.
    assert conforms and set(problems) == {("Warning", str(dataset), str(DCAT.keyword)),
                                          ("Warning", str(dataset), str(DCAT.theme)),
                                          ("Warning", str(dataset), str(DCTERMS.temporal))}


def test_the_shapes_catch_a_dataset_without_a_title(client, published: str) -> None:  # type: ignore[no-untyped-def]
    graph = _get(client, f"/datasets/{published}.ttl", "ttl")
    dataset = URIRef(f"{BASE}/datasets/{published}")
    graph.remove((dataset, DCTERMS.title, None))
    for checksum in graph.subjects(RDF.type, SPDX.Checksum):
        graph.set((checksum, SPDX.checksumValue, Literal("not hex")))

    conforms, problems = _problems(graph)

    assert not conforms
    violations = {path for severity, _node, path in problems if severity == "Violation"}
    assert violations == {str(DCTERMS.title), str(SPDX.checksumValue)}


def test_the_catalogue_is_paged_and_filtered_by_modification(client, world: World, platform: Platform, write_csv) -> None:  # type: ignore[no-untyped-def]
    slugs = []
    for number in range(3):
        slug = world.dataset(f"Bảng số {number}")
        world.publish(slug, write_csv(f"ma,ten\n{number:02d},Dòng {number}\n", name=f"bang-{number}.csv"))
        slugs.append(slug)
    with platform.db.write() as session:  # the oldest changed long ago
        old = session.query(Dataset).filter_by(slug=slugs[0]).one()
        old.updated_at = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

    first = _get(client, "/catalog.ttl?per_page=2", "ttl")
    second = _get(client, "/catalog.ttl?per_page=2&page=2", "ttl")
    recent = _get(client, "/catalog.ttl?modified_since=2025-01-01", "ttl")

    def listed(graph: Graph) -> set[str]:
        return {str(node).rsplit("/", 1)[1] for node in graph.subjects(RDF.type, DCAT.Dataset)}

    assert listed(first) | listed(second) == set(slugs) and len(listed(first)) == 2
    assert listed(second) == {slugs[0]}, "newest change first"
    page = next(first.subjects(RDF.type, HYDRA.PagedCollection))
    assert first.value(page, HYDRA.totalItems).toPython() == 3
    assert str(first.value(page, HYDRA.nextPage)) == f"{BASE}/catalog.ttl?page=2&per_page=2"
    assert first.value(page, HYDRA.previousPage) is None
    assert listed(recent) == set(slugs[1:])


def test_a_wrong_modified_since_is_explained(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/catalog.ttl?modified_since=h%C3%B4m-qua")
    assert response.status_code == 400
    assert "hôm-qua" in response.text and "YYYY-MM-DD" in response.text


def test_drafts_and_withdrawn_datasets_are_not_in_the_catalogue(client, world: World, published: str, write_csv) -> None:  # type: ignore[no-untyped-def]
    draft = world.dataset("Chưa công bố")
    world.upload(draft, write_csv("ma,ten\n01,A\n"))
    graph = _get(client, "/catalog.jsonld", "jsonld")
    assert {str(node) for node in graph.subjects(RDF.type, DCAT.Dataset)} == {f"{BASE}/datasets/{published}"}
    assert client.get(f"/datasets/{draft}.ttl").status_code == 404


def test_the_dataset_page_links_its_dcat_twins(client, published: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get(f"/datasets/{published}").text
    for extension, media_type in [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("rdf", "application/rdf+xml")]:
        assert f'<link rel="alternate" type="{media_type}" href="/datasets/{published}.{extension}">' in page


def test_a_ministry_dataset_covers_the_country_unless_it_says_otherwise(client, world: World, write_csv) -> None:  # type: ignore[no-untyped-def]
    slug = datasets.dataset_create(world.platform, world.other_officer, agency="bo-khcn",
                                   title="Doanh nghiệp khoa học và công nghệ").slug
    world.publish(slug, write_csv("ma,ten\n01,A\n"), actor=world.other_officer)

    graph = _get(client, f"/datasets/{slug}.ttl", "ttl")

    assert graph.value(URIRef(f"{BASE}/datasets/{slug}"), DCTERMS.spatial) == URIRef(EU + "country/VNM")
    assert _problems(graph)[0]


def test_a_harvester_asking_again_gets_not_modified_until_something_changes(client, world: World, published: str, write_csv) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/catalog.ttl")
    etag = first.headers["ETag"]

    again = client.get("/catalog.ttl", headers={"If-None-Match": etag})
    other_format = client.get("/catalog.rdf", headers={"If-None-Match": etag})
    world.publish(published, write_csv("Mã tỉnh,Tên tỉnh\n01,Hà Nội\n"))
    after_publish = client.get("/catalog.ttl", headers={"If-None-Match": etag})

    assert (again.status_code, again.data) == (304, b"")
    assert other_format.status_code == 200
    assert after_publish.status_code == 200 and after_publish.headers["ETag"] != etag
    assert "versions/2" in after_publish.text
