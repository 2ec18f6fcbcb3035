"""Nothing lost: `kill -9` of the server in the middle of an upload-and-publish leaves the previous
version served and no half version visible; after a restart the same upload goes through.

The server is killed at several moments of a large upload's life (while the file is read,
validated, packaged, or the version committed), since which one a given delay hits depends on the
machine; the invariants must hold at every one of them.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select

from publisher.models import DatasetVersion, VersionStatus
from publisher.services import tokens
from publisher.settings import Settings

from ..helpers import DATA, World
from .server import running_server

pytestmark = pytest.mark.server


def big_csv(path: Path, rows: int = 150_000) -> Path:  # long enough to be killed at 1.5 s on a quiet machine
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("Mã xã,Tên xã,Số hồ sơ,Ngày\n")
        for row in range(rows):
            stream.write(f"{row % 99999:05d},Phường số {row},{row % 5000},2025-{row % 12 + 1:02d}-{row % 28 + 1:02d}\n")
    return path


def upload(url: str, slug: str, token: str, path: Path) -> urllib.request.Request:
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return urllib.request.Request(
        f"{url}/api/v1/datasets/{slug}/versions", data=body, method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )


def current(url: str, slug: str) -> dict:
    with urllib.request.urlopen(f"{url}/api/v1/datasets/{slug}", timeout=30) as answer:
        return json.load(answer)


@pytest.mark.parametrize("delay", [0.4, 1.5])
def test_killing_the_server_mid_publish_loses_nothing(world: World, settings: Settings, tmp_path: Path, delay: float) -> None:
    slug = world.dataset("Hồ sơ theo xã")
    world.publish(slug, DATA / "leading-zero-codes.csv")
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")
    data = big_csv(tmp_path / "ho-so.csv")

    with running_server(settings) as server:
        request = upload(server.url, slug, token, data)
        answers: list[bool] = []
        thread = threading.Thread(target=lambda: answers.append(_answered(request)), daemon=True)
        thread.start()
        time.sleep(delay)
        server.kill_hard()
        thread.join(timeout=30)
        assert answers == [False]  # the kill did come in the middle of the request

    with world.platform.db.read() as session:
        versions = session.scalars(select(DatasetVersion).where(DatasetVersion.status == VersionStatus.PUBLISHED)).all()
        for version in versions:  # every published version is whole: its files are all in the store
            for sha in (version.package_sha, version.zip_sha, version.report_sha, *(r["sha256"] for r in version.resources)):
                assert world.platform.store.local_path(sha) is not None

    with running_server(settings) as server:
        before = current(server.url, slug)
        assert before["version"] in (1, 2)  # the old version, or the new one if the kill came after its commit
        with urllib.request.urlopen(f"{server.url}/api/v1/datasets/{slug}/datapackage.json", timeout=30) as answer:
            assert json.load(answer)["version"] == f"{before['version']}.0.0"
        with urllib.request.urlopen(upload(server.url, slug, token, data), timeout=300) as answer:
            retried = json.load(answer)
        assert (retried["status"], retried["number"]) == ("published", before["version"] + 1)
        assert current(server.url, slug)["version"] == before["version"] + 1


def _answered(request: urllib.request.Request) -> bool:
    try:
        urllib.request.urlopen(request, timeout=300).read()
    except (urllib.error.URLError, ConnectionError, OSError):
        return False  # the server was killed under this request: that is the point
    return True
