"""A NUL character anywhere in a JSON body is dropped, never a server error (PostgreSQL
cannot store or even compare a NUL; schemathesis found these)."""

from __future__ import annotations

import pytest

from publisher.services import tokens

from ..helpers import World


@pytest.mark.parametrize("body", [
    {"agency": "tinh-bac-ninh\x00", "title": "Bộ"},
    {"agency": "tinh-bac-ninh", "title": "Bộ", "slug": "bo\x00"},
    {"agency": "tinh-bac-ninh", "title": "Bộ", "licence": "CC0\x00"},
    {"agency": "tinh-bac-ninh", "title": "Bộ", "frequency": "ANNUAL\x00"},
    {"agency": "tinh-bac-ninh", "title": "Bộ", "contact_point": {"name": "A\x00", "email": "a\x00@b.vn"}},
    {"agency": "tinh-bac-ninh", "title": "Bộ", "themes": ["GOVE\x00"], "spatial": ["24\x00"]},
    {"agency": "tinh-bac-ninh", "title": "Bộ", "temporal": {"start": "2024-01-01\x00"}},
])
def test_a_nul_in_a_new_dataset_is_never_a_server_error(client, world: World, body: dict[str, object]) -> None:  # type: ignore[no-untyped-def]
    token = tokens.token_issue(world.platform, world.admin, username="admin", scope="write")
    response = client.post("/api/v1/datasets", headers={"Authorization": f"Bearer {token}"}, json=body)
    assert response.status_code in (201, 422), response.json
    assert "\\u0000" not in response.text and "\x00" not in response.text
