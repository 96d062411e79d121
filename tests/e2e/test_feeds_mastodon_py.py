"""A real Mastodon.py client pages a ranked home timeline with fetch_next."""

from __future__ import annotations

from tests.e2e.conftest import LiveServer
from tests.e2e.test_mastodon_py import registered_user


def test_a_chosen_ranked_feed_pages_through_fetch_next(live_server: LiveServer) -> None:
    viewer, _ = registered_user(live_server, "fyviewer")
    author, _ = registered_user(live_server, "fyauthor")
    viewer.account_follow(author.me()["id"])
    posted = {str(author.status_post(f"ranked post {i}")["id"]) for i in range(7)}
    response = viewer._Mastodon__api_request(  # type: ignore[attr-defined]
        "PUT", "/api/townsquare/v1/home_feed", {"feed": "for-you"}
    )
    assert response["feed"] == "for-you"
    page = viewer.timeline_home(limit=3)
    seen: list[str] = []
    while page:
        seen += [str(s["id"]) for s in page]
        page = viewer.fetch_next(page)
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == posted
