"""nodeinfo, WebFinger and host-meta."""

from __future__ import annotations

import httpx
from sqlalchemy import update
from starlette.applications import Starlette

from tests.factories import make_actor
from tests.search.helpers import add_status
from townsquare.instance.service import software_version
from townsquare.models import Account
from townsquare.models.base import utcnow


async def test_nodeinfo_discovery_and_document(app: Starlette, client: httpx.AsyncClient) -> None:
    alice = await make_actor(app, "alice")
    await make_actor(app, "bob")
    await add_status(app, alice, "hello")

    links = await client.get("/.well-known/nodeinfo")
    assert links.status_code == 200
    assert links.json() == {
        "links": [
            {
                "rel": "http://nodeinfo.diaspora.software/ns/schema/2.0",
                "href": "http://ts.test/nodeinfo/2.0",
            }
        ]
    }
    response = await client.get("/nodeinfo/2.0")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert "nodeinfo.diaspora.software/ns/schema/2.0" in response.headers["content-type"]
    document = response.json()
    assert document["version"] == "2.0"
    assert document["software"] == {"name": "townsquare", "version": software_version()}
    assert document["protocols"] == []
    assert document["services"] == {"inbound": [], "outbound": []}
    assert document["usage"] == {
        "users": {"total": 2, "activeMonth": 1, "activeHalfyear": 1},
        "localPosts": 1,
    }
    assert document["openRegistrations"] is True
    assert document["metadata"]["nodeName"] == "townsquare"


async def test_webfinger_finds_local_accounts(app: Starlette, client: httpx.AsyncClient) -> None:
    await make_actor(app, "Alice")
    for resource in ["acct:alice@ts.test", "acct:ALICE@TS.TEST", "alice@ts.test", "@alice@ts.test"]:
        response = await client.get("/.well-known/webfinger", params={"resource": resource})
        assert response.status_code == 200, resource
        assert response.headers["content-type"].startswith("application/jrd+json")
        assert response.headers["access-control-allow-origin"] == "*"
        assert response.json() == {
            "subject": "acct:Alice@ts.test",
            "aliases": ["http://ts.test/@Alice", "http://ts.test/users/Alice"],
            "links": [
                {
                    "rel": "http://webfinger.net/rel/profile-page",
                    "type": "text/html",
                    "href": "http://ts.test/@Alice",
                },
                {
                    "rel": "self",
                    "type": "application/activity+json",
                    "href": "http://ts.test/users/Alice",
                },
            ],
        }
    by_url = await client.get(
        "/.well-known/webfinger", params={"resource": "http://ts.test/users/alice"}
    )
    assert by_url.json()["subject"] == "acct:Alice@ts.test"


async def test_webfinger_unknown_foreign_or_suspended_is_404(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    gone = await make_actor(app, "gone")
    async with app.state.db.session() as session:
        await session.execute(
            update(Account).where(Account.id == int(gone.id)).values(suspended_at=utcnow())
        )
        await session.commit()
    await make_actor(app, "alice")
    for resource in ["acct:nobody@ts.test", "acct:alice@elsewhere.example", "acct:gone@ts.test"]:
        response = await client.get("/.well-known/webfinger", params={"resource": resource})
        assert (response.status_code, response.json()) == (404, {"error": "Record not found"})


async def test_webfinger_bad_resource_is_400(client: httpx.AsyncClient) -> None:
    missing = await client.get("/.well-known/webfinger")
    assert (missing.status_code, missing.json()) == (
        400,
        {"error": "Missing required parameter: resource"},
    )
    empty = await client.get("/.well-known/webfinger", params={"resource": ""})
    assert empty.status_code == 400
    for resource in [
        "acct:",
        "acct:alice",
        "acct:@ts.test",
        "mailto:alice@ts.test",
        "acct:al ice@ts.test",
        "acct:" + "a" * 600 + "@ts.test",
    ]:
        response = await client.get("/.well-known/webfinger", params={"resource": resource})
        assert (response.status_code, response.json()) == (400, {"error": "Invalid resource"}), (
            resource
        )


async def test_host_meta_points_at_webfinger(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/host-meta")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xrd+xml")
    assert (
        '<Link rel="lrdd" template="http://ts.test/.well-known/webfinger?resource={uri}"/>'
        in response.text
    )
    assert response.text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
