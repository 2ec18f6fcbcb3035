"""Artifacts in S3-compatible object storage (``OPENDATA_STORAGE_URL=s3://bucket/prefix``) with
the database on PostgreSQL: published, downloaded through the site, and a lost object answered
with a clear "no such file".

Moto's S3 server stands in for real object storage: it is a real HTTP server speaking the S3 API
(started here as its own process on 127.0.0.1, reached through s3fs and botocore exactly as
MinIO or a cloud bucket would be), and unlike MinIO it installs from PyPI, which this project's
machines and CI reach (neither PyPI nor Debian carries MinIO)."""

from __future__ import annotations

import io
import logging
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from publisher.platform import Platform
from publisher.settings import Settings, load_settings

from ..helpers import World
from .processes import BIN, answers, free_port, running, wait_for

POPULATION = "ma_tinh,ten_tinh,dan_so\n01,Hà Nội,8587100\n04,Cao Bằng,547900\n24,Bắc Ninh,1517400\n"


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with running([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], {"PATH": str(BIN)}, log) as server:
        url = f"http://127.0.0.1:{port}"
        wait_for(lambda: answers(f"{url}/moto-api/"), "moto's S3 server", server, seconds=30)
        yield url


@pytest.fixture
def settings(tmp_path: Path, database_url: str, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The suite's settings, with the artifacts in a bucket of their own; keys as operators give them."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "opendata-test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "opendata-test-secret")
    return load_settings(
        {
            "var_dir": str(tmp_path / "var"),
            "database_url": database_url,
            "storage_url": f"s3://opendata-{uuid.uuid4().hex[:12]}/artifacts",
            "s3_endpoint_url": s3_endpoint,
            "s3_region": "ap-southeast-1",
            "secret_key": "test-secret",
            "password_profile": "CHEAPEST",
        },
        environ={},
    )


def test_a_dataset_published_to_object_storage_is_downloaded_through_the_site(
        world: World, platform: Platform, client, write_csv: Callable[..., Path]) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset("Dân số các tỉnh")
    world.publish(slug, write_csv(POPULATION, "dan-so.csv"))

    stored = platform.store.fs.find(platform.store.root)
    assert stored and all(key.startswith(platform.store.root + "/sha256/") for key in stored), "the artifacts are in the bucket"
    assert not any(key.endswith(".partial") for key in stored)
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "storage": "ok"}

    package = client.get(f"/api/v1/datasets/{slug}/datapackage.zip")

    assert package.status_code == 200
    with zipfile.ZipFile(io.BytesIO(package.data)) as archive:
        data = next(name for name in archive.namelist() if name.endswith(".csv"))
        text = archive.read(data).decode("utf-8")
    assert "Hà Nội" in text and "Bắc Ninh" in text and "1517400" in text


def test_an_object_lost_from_the_bucket_is_a_clear_not_found_and_logged(
        world: World, platform: Platform, client, write_csv: Callable[..., Path],  # type: ignore[no-untyped-def]
        caplog: pytest.LogCaptureFixture) -> None:
    slug = world.dataset("Dân số các tỉnh")
    world.publish(slug, write_csv(POPULATION, "dan-so.csv"))
    platform.store.fs.rm(platform.store.root, recursive=True)  # someone emptied the bucket by mistake

    with caplog.at_level(logging.ERROR):
        package = client.get(f"/api/v1/datasets/{slug}/datapackage.zip", headers={"Accept-Language": "en"})

    assert package.status_code == 404
    assert package.json["error"]["message"] == "There is no such file."
    assert "missing from the store s3://" in caplog.text, "the operator is told what is wrong"
    assert client.get(f"/datasets/{slug}").status_code == 200, "the dataset's page still answers"
