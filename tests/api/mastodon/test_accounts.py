"""Registration, own credentials and profile updates, and looking accounts up."""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.factories import make_actor, make_token
from tests.oauth.flows import app_token, bearer, register_app
from townsquare.app import create_app
from townsquare.models import Follow, FollowRequest
from townsquare.settings import Settings

GOOD = {
    "username": "newcomer",
    "email": "newcomer@example.test",
    "password": "a long enough password",
    "agreement": True,
    "locale": "en",
}


@asynccontextmanager
async def client_for(settings: Settings, **changes: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client for an app built with changed settings on the same database."""
    application = create_app(settings.model_copy(update=changes))
    transport = httpx.ASGITransport(app=application)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://ts.test") as http:
            yield http
    finally:
        await application.state.db.dispose()


async def signup_token(http: httpx.AsyncClient) -> str:
    registered = await register_app(http, scopes="read write follow")
    return await app_token(http, registered, "write:accounts")


async def test_register_returns_a_token_for_the_new_user(client: httpx.AsyncClient) -> None:
    token = await signup_token(client)
    response = await client.post("/api/v1/accounts", json=GOOD, headers=bearer(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write follow"
    assert isinstance(body["created_at"], int)
    me = await client.get(
        "/api/v1/accounts/verify_credentials", headers=bearer(body["access_token"])
    )
    assert me.status_code == 200
    assert me.json()["username"] == "newcomer"
    assert me.json()["acct"] == "newcomer"


async def test_register_from_a_form(client: httpx.AsyncClient) -> None:
    token = await signup_token(client)
    form = {**GOOD, "agreement": "true"}
    response = await client.post("/api/v1/accounts", data=form, headers=bearer(token))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("changes", "field", "code", "message"),
    [
        ({"username": ""}, "username", "ERR_BLANK", "Username can't be blank"),
        (
            {"username": "no spaces"},
            "username",
            "ERR_INVALID",
            "Username must contain only letters, numbers and underscores",
        ),
        (
            {"username": "a" * 31},
            "username",
            "ERR_TOO_LONG",
            "Username is too long (maximum is 30 characters)",
        ),
        ({"username": "Admin"}, "username", "ERR_RESERVED", "Username is reserved"),
        ({"email": "not-an-email"}, "email", "ERR_INVALID", "Email is invalid"),
        ({"email": ""}, "email", "ERR_BLANK", "Email can't be blank"),
        ({"password": ""}, "password", "ERR_BLANK", "Password can't be blank"),
        (
            {"password": "short"},
            "password",
            "ERR_TOO_SHORT",
            "Password is too short (minimum is 8 characters)",
        ),
        (
            {"password": "p" * 129},
            "password",
            "ERR_TOO_LONG",
            "Password is too long (maximum is 128 characters)",
        ),
        ({"agreement": False}, "agreement", "ERR_ACCEPTED", "Agreement must be accepted"),
        ({"locale": "klingon!"}, "locale", "ERR_INCLUSION", "Locale is not included in the list"),
    ],
)
async def test_register_validation_errors(
    client: httpx.AsyncClient, changes: dict[str, Any], field: str, code: str, message: str
) -> None:
    token = await signup_token(client)
    response = await client.post(
        "/api/v1/accounts", json={**GOOD, **changes}, headers=bearer(token)
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == f"Validation failed: {message}"
    assert body["details"] == {field: [{"error": code, "description": message.split(" ", 1)[1]}]}


async def test_register_reports_every_problem_at_once(client: httpx.AsyncClient) -> None:
    token = await signup_token(client)
    response = await client.post(
        "/api/v1/accounts",
        json={"username": "bad name", "email": "x@example.test"},
        headers=bearer(token),
    )
    assert response.status_code == 422
    assert response.json()["error"] == (
        "Validation failed: Username must contain only letters, numbers and underscores, "
        "Password can't be blank, Agreement must be accepted"
    )
    assert set(response.json()["details"]) == {"username", "password", "agreement"}


async def test_register_refuses_taken_names(client: httpx.AsyncClient, app: Any) -> None:
    await make_actor(app, "Taken")
    token = await signup_token(client)
    same_name = await client.post(
        "/api/v1/accounts", json={**GOOD, "username": "tAKEN"}, headers=bearer(token)
    )
    assert same_name.status_code == 422
    assert same_name.json()["error"] == "Validation failed: Username has already been taken"
    assert same_name.json()["details"]["username"][0]["error"] == "ERR_TAKEN"
    same_email = await client.post(
        "/api/v1/accounts",
        json={**GOOD, "email": "TAKEN@example.test"},
        headers=bearer(token),
    )
    assert same_email.json()["error"] == "Validation failed: Email has already been taken"


async def test_register_needs_an_app_token_with_write_accounts(
    client: httpx.AsyncClient, app: Any
) -> None:
    anonymous = await client.post("/api/v1/accounts", json=GOOD)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"error": "The access token is invalid"}
    registered = await register_app(client, scopes="read")
    read_only = await app_token(client, registered, "read")
    refused = await client.post("/api/v1/accounts", json=GOOD, headers=bearer(read_only))
    assert refused.status_code == 403
    assert refused.json() == {"error": "This action is outside the authorized scopes"}
    assert (await client.get("/api/v1/accounts/lookup?acct=newcomer")).status_code == 404


async def test_register_when_registrations_are_closed(settings: Settings) -> None:
    async with client_for(settings, registrations_open=False) as http:
        token = await signup_token(http)
        response = await http.post("/api/v1/accounts", json=GOOD, headers=bearer(token))
        assert response.status_code == 403
        assert response.json() == {"error": "Registrations are closed on this server"}


async def test_sign_up_rate_limit(settings: Settings) -> None:
    async with client_for(settings, rate_limits="on", rate_limit_signup_requests=2) as http:
        token = await signup_token(http)
        for number in (1, 2):
            form = {**GOOD, "username": f"user{number}", "email": f"u{number}@example.test"}
            response = await http.post("/api/v1/accounts", json=form, headers=bearer(token))
            assert response.status_code == 200, response.text
        third = await http.post(
            "/api/v1/accounts",
            json={**GOOD, "username": "user3", "email": "u3@example.test"},
            headers=bearer(token),
        )
        assert third.status_code == 429
        assert third.json() == {"error": "Too many requests"}
        assert third.headers["x-ratelimit-remaining"] == "0"


async def test_verify_credentials_counts_follow_requests(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice", locked=True)
    bob = await make_actor(app, "bob")
    async with app.state.db.session() as session:
        session.add(FollowRequest(account_id=int(bob.id), target_account_id=int(alice.id)))
        await session.commit()
    response = await client.get("/api/v1/accounts/verify_credentials", headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == alice.id
    assert body["locked"] is True
    assert body["source"]["follow_requests_count"] == 1
    assert body["source"]["note"] == ""
    bobs = await client.get("/api/v1/accounts/verify_credentials", headers=bob.headers)
    assert bobs.json()["source"]["follow_requests_count"] == 0


async def test_update_credentials_renders_a_safe_note(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    note = "<script>alert(1)</script> & more\nsee https://example.org/page.\n\nSecond"
    response = await client.patch(
        "/api/v1/accounts/update_credentials",
        data={"display_name": "Alice <b>", "note": note, "bot": "true", "locked": "1"},
        headers=alice.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["display_name"] == "Alice <b>"
    assert body["bot"] is True and body["locked"] is True
    assert body["source"]["note"] == note
    html = body["note"]
    assert "<script>" not in html
    assert html.startswith("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more<br />see ")
    assert '<a href="https://example.org/page" rel="nofollow noopener noreferrer"' in html
    assert html.endswith("</a>.</p><p>Second</p>")
    public = await client.get(f"/api/v1/accounts/{alice.id}")
    assert public.json()["note"] == html


async def test_update_credentials_fields_from_a_form(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    form = {
        "fields_attributes[0][name]": "Website",
        "fields_attributes[0][value]": "https://alice.example",
        "fields_attributes[1][name]": "<i>Pronouns</i>",
        "fields_attributes[1][value]": "she/<her>",
        "fields_attributes[2][name]": "",
        "fields_attributes[2][value]": "",
    }
    response = await client.patch(
        "/api/v1/accounts/update_credentials", data=form, headers=alice.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [f["name"] for f in body["fields"]] == ["Website", "<i>Pronouns</i>"]
    assert body["fields"][0]["value"].startswith('<a href="https://alice.example" rel="me ')
    assert body["fields"][1]["value"] == "she/&lt;her&gt;"
    assert body["source"]["fields"][1]["value"] == "she/<her>"


async def test_update_credentials_fields_as_json_array_replace(
    client: httpx.AsyncClient, app: Any
) -> None:
    alice = await make_actor(app, "alice")
    url = "/api/v1/accounts/update_credentials"
    first = [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]
    await client.patch(url, json={"fields_attributes": first}, headers=alice.headers)
    response = await client.patch(
        url, json={"fields_attributes": [{"name": "c", "value": "3"}]}, headers=alice.headers
    )
    assert [f["name"] for f in response.json()["fields"]] == ["c"]
    untouched = await client.patch(url, json={"display_name": "A"}, headers=alice.headers)
    assert [f["name"] for f in untouched.json()["fields"]] == ["c"]


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (
            {"display_name": "x" * 31},
            "Validation failed: Display name is too long (maximum is 30 characters)",
        ),
        ({"note": "x" * 501}, "Validation failed: Note is too long (maximum is 500 characters)"),
        (
            {"fields_attributes": [{"name": str(i), "value": "v"} for i in range(5)]},
            "Validation failed: Fields can have at most 4 entries",
        ),
        (
            {"fields_attributes": [{"name": "n" * 256, "value": "v"}]},
            "Validation failed: Field name is too long (maximum is 255 characters)",
        ),
        (
            {"fields_attributes": [{"name": "n", "value": "v" * 256}]},
            "Validation failed: Field value is too long (maximum is 255 characters)",
        ),
        (
            {"fields_attributes": "nope"},
            "Validation failed: fields_attributes must be a list of objects",
        ),
        ({"bot": "maybe"}, "Validation failed: bot must be a boolean"),
        (
            {"source": {"privacy": "secret"}},
            "Validation failed: Privacy is not included in the list",
        ),
        (
            {"avatar": "data:image/png;base64,AAAA"},
            "Validation failed: media uploads are not supported yet",
        ),
    ],
)
async def test_update_credentials_rejects_bad_input(
    client: httpx.AsyncClient, app: Any, payload: dict[str, Any], error: str
) -> None:
    alice = await make_actor(app, "alice", display_name="Before")
    response = await client.patch(
        "/api/v1/accounts/update_credentials",
        json={"display_name": "Changed", **payload} if "display_name" not in payload else payload,
        headers=alice.headers,
    )
    assert response.status_code == 422
    assert response.json() == {"error": error}
    me = await client.get("/api/v1/accounts/verify_credentials", headers=alice.headers)
    assert me.json()["display_name"] == "Before"


async def test_update_credentials_refuses_avatar_files(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    response = await client.patch(
        "/api/v1/accounts/update_credentials",
        data={"display_name": "New"},
        files={"header": ("header.png", b"\x89PNG fake", "image/png")},
        headers=alice.headers,
    )
    assert response.status_code == 422
    assert response.json() == {"error": "Validation failed: media uploads are not supported yet"}


async def test_update_credentials_needs_write_accounts(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    read_only = await make_token(app, alice, "read")
    response = await client.patch(
        "/api/v1/accounts/update_credentials",
        json={"display_name": "Hacked"},
        headers=bearer(read_only),
    )
    assert response.status_code == 403
    anonymous = await client.patch("/api/v1/accounts/update_credentials", json={"bot": True})
    assert anonymous.status_code == 401


async def test_get_account(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    bob = await make_actor(app, "bob")
    response = await client.get(f"/api/v1/accounts/{alice.id}", headers=bob.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "alice"
    assert body["url"] == "http://ts.test/@alice"
    assert "source" not in body
    for missing in ("1", "999999999999999999999999", "abc"):
        not_found = await client.get(f"/api/v1/accounts/{missing}")
        assert not_found.status_code == 404
        assert not_found.json() == {"error": "Record not found"}


async def test_suspended_accounts_say_so(client: httpx.AsyncClient, app: Any) -> None:
    # As Mastodon: the profile answers, blanked, with ``suspended: true`` (issue 6: no
    # silent disappearance); search leaves it out.
    gone = await make_actor(app, "gone", suspended_at=datetime.now(UTC))
    for url in (f"/api/v1/accounts/{gone.id}", "/api/v1/accounts/lookup?acct=gone"):
        profile = (await client.get(url)).json()
        assert profile["suspended"] is True and profile["username"] == "gone"
        assert profile["note"] == "" and profile["statuses_count"] == 0
    assert (await client.get("/api/v1/accounts/search?q=gone")).json() == []


async def test_get_several_accounts(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice")
    bob = await make_actor(app, "bob")
    response = await client.get(f"/api/v1/accounts?id[]={bob.id}&id[]={alice.id}&id[]=12345")
    assert [a["username"] for a in response.json()] == ["bob", "alice"]


@pytest.mark.parametrize("acct", ["alice", "Alice", "@alice", "alice@ts.test", "alice@TS.TEST"])
async def test_lookup_local_accounts(client: httpx.AsyncClient, app: Any, acct: str) -> None:
    alice = await make_actor(app, "alice")
    response = await client.get("/api/v1/accounts/lookup", params={"acct": acct})
    assert response.status_code == 200
    assert response.json()["id"] == alice.id


async def test_lookup_errors(client: httpx.AsyncClient, app: Any) -> None:
    await make_actor(app, "alice")
    remote = await client.get("/api/v1/accounts/lookup", params={"acct": "alice@elsewhere.example"})
    assert remote.status_code == 404
    assert remote.json() == {"error": "Record not found"}
    unknown = await client.get("/api/v1/accounts/lookup", params={"acct": "nobody"})
    assert unknown.status_code == 404
    missing = await client.get("/api/v1/accounts/lookup")
    assert missing.status_code == 400
    assert missing.json() == {"error": "Missing required parameter: acct"}


async def test_search_by_username_and_display_name(client: httpx.AsyncClient, app: Any) -> None:
    alice = await make_actor(app, "alice", display_name="Alice Liddell")
    await make_actor(app, "alicia", display_name="Someone", followers_count=5)
    await make_actor(app, "bob", display_name="Bob Liddell")
    await make_actor(app, "a_l_x")
    response = await client.get("/api/v1/accounts/search", params={"q": "ali"})
    assert [a["username"] for a in response.json()] == ["alicia", "alice"]
    exact = await client.get("/api/v1/accounts/search", params={"q": "@alice"})
    assert exact.json()[0]["id"] == alice.id
    by_word = await client.get("/api/v1/accounts/search", params={"q": "lidd"})
    assert sorted(a["username"] for a in by_word.json()) == ["alice", "bob"]
    wildcard = await client.get("/api/v1/accounts/search", params={"q": "a_"})
    assert [a["username"] for a in wildcard.json()] == ["a_l_x"]
    limited = await client.get("/api/v1/accounts/search", params={"q": "ali", "limit": 1})
    assert len(limited.json()) == 1
    offset = await client.get("/api/v1/accounts/search", params={"q": "ali", "offset": 1})
    assert [a["username"] for a in offset.json()] == ["alice"]


async def test_search_following_only(client: httpx.AsyncClient, app: Any) -> None:
    viewer = await make_actor(app, "viewer")
    followed = await make_actor(app, "carol")
    await make_actor(app, "carl")
    async with app.state.db.session() as session:
        session.add(Follow(account_id=int(viewer.id), target_account_id=int(followed.id)))
        await session.commit()
    params = {"q": "car", "following": "true"}
    response = await client.get("/api/v1/accounts/search", params=params, headers=viewer.headers)
    assert [a["username"] for a in response.json()] == ["carol"]
    anonymous = await client.get("/api/v1/accounts/search", params=params)
    assert anonymous.status_code == 401
    assert anonymous.json() == {"error": "This method requires an authenticated user"}


async def test_search_bad_input(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/v1/accounts/search")
    assert missing.status_code == 400
    assert missing.json() == {"error": "Missing required parameter: q"}
    negative = await client.get("/api/v1/accounts/search", params={"q": "a", "offset": -1})
    assert negative.status_code == 422
    assert negative.json() == {"error": "Validation failed: offset must be at least 0"}
    remote = await client.get("/api/v1/accounts/search", params={"q": "a@elsewhere.example"})
    assert remote.json() == []


@pytest.mark.parametrize(
    ("path", "size"),
    [("/avatars/original/missing.png", (120, 120)), ("/headers/original/missing.png", (300, 100))],
)
async def test_default_images_are_pngs(
    client: httpx.AsyncClient, path: str, size: tuple[int, int]
) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    data = response.content
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == size
    idat = data.index(b"IDAT")
    length = int.from_bytes(data[idat - 4 : idat], "big")
    pixels = zlib.decompress(data[idat + 4 : idat + 4 + length])
    assert len(pixels) == (width * 3 + 1) * height


async def test_posting_defaults_are_kept_and_applied(client: httpx.AsyncClient, app) -> None:
    alice = await make_actor(app, "alice")

    response = await client.patch(
        "/api/v1/accounts/update_credentials",
        data={"source[privacy]": "private", "source[sensitive]": "true", "source[language]": "fr"},
        headers=alice.headers,
    )

    assert response.status_code == 200
    source = response.json()["source"]
    assert (source["privacy"], source["sensitive"], source["language"]) == ("private", True, "fr")
    me = await client.get("/api/v1/accounts/verify_credentials", headers=alice.headers)
    assert me.json()["source"]["privacy"] == "private"
    silent = await client.post("/api/v1/statuses", json={"status": "hi"}, headers=alice.headers)
    assert (silent.json()["visibility"], silent.json()["sensitive"]) == ("private", True)
    assert silent.json()["language"] == "fr"
    explicit = await client.post(
        "/api/v1/statuses",
        json={"status": "hello", "visibility": "public", "sensitive": False, "language": "en"},
        headers=alice.headers,
    )
    assert explicit.json()["visibility"] == "public"
    assert explicit.json()["sensitive"] is False
    assert explicit.json()["language"] == "en"
