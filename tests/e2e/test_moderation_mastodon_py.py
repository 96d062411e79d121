"""Moderation and reader controls through the real Mastodon.py client against a real server:
filters v2 on the home timeline, a report, a removal (410 and a moderation warning), and
``townsquare log verify`` reading the public log over HTTP."""

from __future__ import annotations

import uuid

import pytest
from mastodon import MastodonAPIError

from tests.e2e.conftest import LiveServer
from tests.e2e.test_mastodon_py import PASSWORD, cli_user, registered_user


def test_filters_on_home_then_removal_and_log(live_server: LiveServer) -> None:
    author, _ = cli_user(live_server, "author")
    reader, _ = registered_user(live_server, "reader")
    reader.account_follow(author.account_verify_credentials()["id"])
    word = f"spoiler{uuid.uuid4().hex[:6]}"
    warned = author.status_post(f"{word}: the butler did it")
    hidden = author.status_post(f"hidden {word}x gossip")
    plain = author.status_post("a plain post")

    reader.create_filter_v2(
        "spoilers", ["home"], "warn", keywords_attributes=[{"keyword": word, "whole_word": True}]
    )
    reader.create_filter_v2(
        "gossip", ["home"], "hide", keywords_attributes=[{"keyword": "gossip", "whole_word": True}]
    )
    assert [f["title"] for f in reader.filters_v2()] == ["spoilers", "gossip"]
    home = {str(s["id"]): s for s in reader.timeline_home()}
    assert str(hidden["id"]) not in home
    assert home[str(plain["id"])]["filtered"] == []
    (result,) = home[str(warned["id"])]["filtered"]
    assert result["filter"]["filter_action"] == "warn"
    assert result["keyword_matches"] == [word]

    report = reader.report(
        author.account_verify_credentials()["id"], [warned["id"]], "spoils", category="other"
    )
    assert report["category"] == "other"

    mod_name = f"mod{uuid.uuid4().hex[:6]}"
    made = live_server.cli("create-user", mod_name, "--email", f"{mod_name}@example.test",
                           "--password", PASSWORD, "--role", "moderator")  # fmt: skip
    assert made.returncode == 0, made.stderr
    acted = live_server.cli("moderation", "act", "remove", "--status", str(warned["id"]),
                            "--rule", "1", "--reason", "doxxing", "--as", mod_name)  # fmt: skip
    assert acted.returncode == 0, acted.stderr
    with pytest.raises(MastodonAPIError) as gone:
        reader.status(warned["id"])
    assert "410" in str(gone.value) and "rule 1" in str(gone.value)
    warnings = [n for n in author.notifications() if n["type"] == "moderation_warning"]
    assert warnings and warnings[0]["moderation_warning"]["rule"]["id"] == "1"
    assert str(warned["id"]) not in {str(s["id"]) for s in reader.timeline_home()}

    verified = live_server.cli("log", "verify", live_server.url)
    assert verified.returncode == 0, verified.stderr
    assert "the chain is intact" in verified.stdout
