"""The real Mastodon.py client, unchanged, against a real townsquare process.

Create an app, register and log in, post, reply, edit, boost, favourite, follow, read
the home timeline across pages, search and delete — what a third-party app does.
"""

from __future__ import annotations

import itertools
import uuid

import pytest
from mastodon import Mastodon, MastodonNotFoundError

from tests.e2e.conftest import LiveServer

PASSWORD = "correct horse battery staple"
SCOPES = ["read", "write", "follow", "push"]
_names = itertools.count(1)


def _client(server: LiveServer, **kwargs: object) -> Mastodon:
    client_id, client_secret = Mastodon.create_app(
        "townsquare e2e", scopes=SCOPES, api_base_url=server.url
    )
    return Mastodon(
        client_id=client_id,
        client_secret=client_secret,
        api_base_url=server.url,
        version_check_mode="created",
        **kwargs,  # type: ignore[arg-type]
    )


def cli_user(server: LiveServer, prefix: str) -> tuple[Mastodon, str]:
    """A user made with ``townsquare create-user``, logged in with the password grant."""
    username = f"{prefix}{next(_names)}"
    email = f"{username}@example.test"
    created = server.cli("create-user", username, "--email", email, "--password", PASSWORD)
    assert created.returncode == 0, created.stderr
    client = _client(server)
    client.log_in(username=email, password=PASSWORD, scopes=SCOPES, allow_http=True)
    return client, username


def registered_user(server: LiveServer, prefix: str) -> tuple[Mastodon, str]:
    """A user registered through the API with ``create_account``."""
    username = f"{prefix}{next(_names)}"
    client = _client(server)
    client.create_account(
        username, PASSWORD, f"{username}@example.test", agreement=True, scopes=SCOPES
    )
    return client, username


def test_the_server_reports_a_mastodon_version(live_server: LiveServer) -> None:
    client = _client(live_server)
    assert client.retrieve_mastodon_version(fail_hard=True).startswith("4.3.0")
    assert client.verify_minimum_version("4.0.0", cached=True)
    assert "townsquare" in client.instance_v2()["version"]


def test_create_user_then_log_in_with_a_password(live_server: LiveServer) -> None:
    client, username = cli_user(live_server, "alice")
    me = client.account_verify_credentials()
    assert me["username"] == username
    assert me["source"]["privacy"] == "public"


def test_register_with_create_account(live_server: LiveServer) -> None:
    client, username = registered_user(live_server, "bob")
    assert client.account_verify_credentials()["username"] == username


def test_post_reply_edit_boost_favourite_and_follow(live_server: LiveServer) -> None:
    alice, alice_name = cli_user(live_server, "alice")
    bob, _ = registered_user(live_server, "bob")
    alice_id = alice.account_verify_credentials()["id"]
    assert bob.account_follow(alice_id)["following"] is True

    post = alice.status_post("Hello from the square #e2e")
    assert "e2e" in [tag["name"] for tag in post["tags"]]
    reply = bob.status_post(f"@{alice_name} welcome!", in_reply_to_id=post["id"])
    assert str(reply["in_reply_to_id"]) == str(post["id"])

    edited = alice.status_update(post["id"], "Hello from the square, edited #e2e")
    assert "edited" in edited["content"]
    assert edited["edited_at"] is not None
    assert len(alice.status_history(post["id"])) == 2

    assert bob.status_reblog(post["id"])["reblogged"] is True
    assert bob.status_favourite(post["id"])["favourited"] is True
    seen_by_alice = alice.status(post["id"])
    assert (seen_by_alice["reblogs_count"], seen_by_alice["favourites_count"]) == (1, 1)
    assert seen_by_alice["replies_count"] == 1

    context = alice.status_context(post["id"])
    assert [str(s["id"]) for s in context["descendants"]] == [str(reply["id"])]
    kinds = {n["type"] for n in alice.notifications()}
    assert {"follow", "mention", "reblog", "favourite"} <= kinds


def test_home_timeline_across_pages(live_server: LiveServer) -> None:
    author, _ = cli_user(live_server, "author")
    reader, _ = registered_user(live_server, "reader")
    reader.account_follow(author.account_verify_credentials()["id"])
    posted = [str(author.status_post(f"post number {n}")["id"]) for n in range(25)]

    page = reader.timeline_home(limit=10)
    seen: list[str] = []
    while page:
        seen += [str(status["id"]) for status in page]
        page = reader.fetch_next(page)
    assert seen == list(reversed(posted))


def test_search_finds_accounts_hashtags_and_statuses(live_server: LiveServer) -> None:
    client, username = cli_user(live_server, "searcher")
    word = f"zebra{uuid.uuid4().hex[:8]}"
    status = client.status_post(f"A rare {word} sighting #wildlife{word}")

    found = client.search_v2(word, resolve=False)
    assert str(status["id"]) in [str(s["id"]) for s in found["statuses"]]
    tags = client.search_v2(f"#wildlife{word}", resolve=False)["hashtags"]
    assert f"wildlife{word}" in [tag["name"] for tag in tags]
    accounts = client.search_v2(username, resolve=False, result_type="accounts")
    assert username in [account["username"] for account in accounts["accounts"]]


def test_delete_a_status(live_server: LiveServer) -> None:
    client, _ = cli_user(live_server, "deleter")
    status = client.status_post("this will not last")
    deleted = client.status_delete(status["id"])
    assert deleted["text"] == "this will not last"
    with pytest.raises(MastodonNotFoundError):
        client.status(status["id"])
