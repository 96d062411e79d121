"""No endpoint answers malformed input with a 500: every route, every method, hostile values."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from tests.factories import Actor, make_actor

HOSTILE_VALUES: list[Any] = [
    "",
    "abc",
    "-1",
    "99999999999999999999999",
    "\x00",
    "x" * 20_000,
    ["a", "b"],
    {"nested": {"deep": [1, {"x": None}]}},
    None,
    True,
    1.5,
    -(2**70),
]
FIELD_NAMES = [
    "status", "spoiler_text", "visibility", "in_reply_to_id", "language", "limit", "max_id",
    "min_id", "since_id", "q", "type", "id", "ids", "acct", "username", "email", "password",
    "display_name", "note", "fields_attributes", "duration", "notifications", "reblogs",
    "types", "exclude_types", "account_id", "client_name", "redirect_uris", "scopes",
    "grant_type", "code", "client_id", "client_secret", "token", "offset", "resolve",
]  # fmt: skip


def _concrete_paths(app: Starlette, ids: dict[str, str]) -> list[tuple[str, str]]:
    """Every (method, path) of the API, with path parameters filled in."""
    result = []
    for route in app.routes:
        if not isinstance(route, Route) or not route.path.startswith(("/api", "/oauth", "/.well")):
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            path = route.path
            for name, value in ids.items():
                path = path.replace("{" + name + ":int}", value).replace("{" + name + "}", value)
            result.append((method, path))
    return result


def _payloads() -> list[dict[str, Any]]:
    """A handful of bodies giving every field name each hostile value in turn."""
    return [
        dict(zip(FIELD_NAMES, itertools.repeat(value), strict=False)) for value in HOSTILE_VALUES
    ]


async def _status_id(client: httpx.AsyncClient, actor: Actor) -> str:
    response = await client.post("/api/v1/statuses", json={"status": "hi"}, headers=actor.headers)
    return str(response.json()["id"])


@pytest.mark.parametrize("path_id", ["existing", "0", "9223372036854775807"])
async def test_hostile_input_never_causes_a_500(
    app: Starlette, client: httpx.AsyncClient, path_id: str
) -> None:
    actor = await make_actor(app, "fuzzer")
    other = await make_actor(app, "target")
    status_id = await _status_id(client, other)
    ids = {
        "id": {"existing": status_id}.get(path_id, path_id),
        "name": "tag",
        "hashtag": "tag",
    }
    failures = []
    for method, path in _concrete_paths(app, ids):
        if path_id == "existing" and "/accounts/" in path:
            path = path.replace(status_id, other.id)
        for body in _payloads():
            # URLs have a length limit of their own; long values go in the body.
            query = {k: v[:300] for k, v in body.items() if isinstance(v, str)}
            response = await client.request(
                method, path, params=query, json=body, headers=actor.headers
            )
            if response.status_code >= 500:
                failures.append((method, path, repr(body)[:80], response.text[:120]))
                break
    assert failures == []
