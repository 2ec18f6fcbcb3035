"""The schema.org JSON-LD in a dataset page under the site's Content-Security-Policy, in a real browser:
data, not script, so the policy (no inline script) neither blocks nor reports it, and the page works."""

from __future__ import annotations

import json

import pytest

from publisher.settings import Settings

from ..helpers import World
from ..integration.server import running_server

pytestmark = pytest.mark.browser


def test_json_ld_lives_with_the_csp_and_reads_as_the_dataset(page, world: World, settings: Settings, write_csv) -> None:  # type: ignore[no-untyped-def]
    slug = world.dataset('Danh mục </script><script>window.pwned=1</script> trường học')
    world.publish(slug, write_csv("ma_truong,ten_truong\n001,Trường THPT Hàn Thuyên\n"))
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))

    with running_server(settings) as server:
        response = page.goto(f"{server.url}/datasets/{slug}")
        assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
        page.get_by_role("heading", name="Tải về").wait_for()
        text = page.locator('script[type="application/ld+json"]').text_content()
        injected = page.evaluate("window.pwned === undefined ? 'no' : 'yes'")
        with page.expect_download() as download:
            page.get_by_role("link", name="Gói dữ liệu (zip)").first.click()

    data = json.loads(text or "")
    assert data["name"] == 'Danh mục </script><script>window.pwned=1</script> trường học'
    assert injected == "no"
    assert download.value.suggested_filename == f"{slug}-v1.zip"
    assert not [message for message in messages if "Content Security Policy" in message or "Refused" in message], messages
