"""The promise to developers, checked end to end: a Data Package downloaded from a running server
validates with frictionless itself, and codes with leading zeros arrive as text."""

from __future__ import annotations

import json
import subprocess
import urllib.request
import uuid

import frictionless
import pytest

from publisher.services import tokens
from publisher.settings import Settings

from ..helpers import DATA, World
from .server import BIN, running_server

pytestmark = pytest.mark.server


def multipart(fields: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = b""
    for name, (filename, content) in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
        body += b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_package_served_over_http_validates_with_frictionless(world: World, settings: Settings) -> None:
    slug = world.dataset("Đơn vị hành chính")
    token = tokens.token_issue(world.platform, world.officer, username="officer", scope="write")

    with running_server(settings) as server:
        url = server.url
        body, content_type = multipart({"file": ("Mã đơn vị.csv", (DATA / "leading-zero-codes.csv").read_bytes())})
        request = urllib.request.Request(
            f"{url}/api/v1/datasets/{slug}/versions", data=body, method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 201
            assert json.load(answer)["number"] == 1

        descriptor_url = f"{url}/api/v1/datasets/{slug}/datapackage.json"
        cli = subprocess.run([str(BIN / "frictionless"), "validate", descriptor_url], capture_output=True, text=True, timeout=120)
        assert cli.returncode == 0, cli.stdout + cli.stderr

        package = frictionless.Package(descriptor_url)
        rows = package.resources[0].read_rows()
        assert [(row["ma_tinh"], row["ma_xa"]) for row in rows] == [("01", "00004"), ("24", "09187"), ("04", "01273")]

        versioned = frictionless.validate(f"{url}/api/v1/datasets/{slug}/versions/1/datapackage.json")
        assert versioned.valid, versioned.flatten(["type", "note"])
