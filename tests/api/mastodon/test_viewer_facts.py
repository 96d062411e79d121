"""Facts about the reader (a chosen feed, whether they have filters) are read with the
bearer token: a page asks no separate question, and a change shows on the next request."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from tests.api.mastodon.test_status_probes import recorded
from tests.factories import make_actor

HOME = "/api/v1/timelines/home"


def _separate_reads(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith(("SELECT filters.", "SELECT feed_choices."))]


async def test_a_reader_without_filters_or_feed_choice_is_not_asked_again(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    alice = await make_actor(app, "alice")
    for text in ("an open secret", "plain words"):
        posted = await client.post("/api/v1/statuses", headers=alice.headers, json={"status": text})
        assert posted.status_code == 200, posted.text

    async with recorded(app) as statements:
        page = await client.get(HOME, headers=alice.headers)
    assert page.status_code == 200, page.text
    assert [s["content"] for s in page.json()] == ["<p>plain words</p>", "<p>an open secret</p>"]
    assert _separate_reads(statements) == []

    created = await client.post(
        "/api/v2/filters",
        headers=alice.headers,
        json={
            "title": "no secrets",
            "context": ["home"],
            "filter_action": "hide",
            "keywords_attributes": [{"keyword": "secret"}],
        },
    )
    assert created.status_code == 200, created.text

    async with recorded(app) as statements:
        page = await client.get(HOME, headers=alice.headers)
    assert [s["content"] for s in page.json()] == ["<p>plain words</p>"]
    assert _separate_reads(statements) != []  # the filters themselves are read now
