"""A real Mastodon.py client sees tip jar addresses as profile fields, and the change notice."""

from __future__ import annotations

from tests.e2e.conftest import LiveServer
from tests.e2e.test_mastodon_py import registered_user
from tests.tips.support import DOGE, LIGHTNING


def test_a_mastodon_client_sees_the_tip_jar_fields(live_server: LiveServer) -> None:
    owner, _ = registered_user(live_server, "tipjar")
    reader, _ = registered_user(live_server, "tipreader")
    owner.account_update_credentials(fields=[("Website", "https://example.com")])
    jar = owner._Mastodon__api_request(  # type: ignore[attr-defined]
        "PUT", "/api/townsquare/v1/tip_jar", {"dogecoin": DOGE, "lightning": LIGHTNING}
    )
    assert jar["dogecoin"]["address"] == DOGE

    account = reader.account(owner.me()["id"])

    assert [f["name"] for f in account["fields"]] == [
        "Website",
        "Dogecoin tips",
        "Lightning tips",
    ]
    assert DOGE in account["fields"][1]["value"]
    assert f"lightning:{LIGHTNING}" in account["fields"][2]["value"]
    status = owner.status_post("tips welcome")
    assert [f["name"] for f in reader.status(status["id"])["account"]["fields"]][1:] == [
        "Dogecoin tips",
        "Lightning tips",
    ]
    notices = owner.notifications(types=["townsquare.tip_jar_changed"])
    assert [n["type"] for n in notices] == ["townsquare.tip_jar_changed"]
    changes = notices[0]["tip_jar_changes"]
    assert [(c["currency"], c["address"]) for c in changes] == [
        ("dogecoin", DOGE),
        ("lightning", LIGHTNING),
    ]
