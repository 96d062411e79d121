"""No page answers hostile input with a 500: every web route, signed in, with a valid token."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from starlette.routing import Route

from tests.web.helpers import csrf_of, logged_in, new_client, post_form
from townsquare.web.routes import routes as web_routes

HOSTILE: list[str] = ["", "abc", "-1", "99999999999999999999999", "\x00", "x" * 20_000,
                      "<script>", "javascript:alert(1)", "//evil.example", "1.5"]  # fmt: skip
FIELDS = [
    "status", "spoiler_text", "visibility", "in_reply_to_id", "poll[options][]",
    "poll[expires_in]", "poll[multiple]", "choices[]", "undo", "next", "feed", "max_id", "q",
    "login", "password", "username", "email", "agreement", "display_name", "note", "bot",
    "locked", "field_name_0", "field_value_0", "classification", "reasons[]", "text",
    "sources", "helpfulness", "helpful_tags[]", "base", "title", "description", "public",
    "weight_recency", "receipt", "saved",
]  # fmt: skip


def _web_routes(ids: dict[str, str]) -> list[tuple[str, str]]:
    found = []
    for route in web_routes:
        if not isinstance(route, Route):
            continue
        for method in sorted((route.methods or set()) - {"HEAD"}):
            path = route.path
            for name, value in ids.items():
                path = path.replace("{" + name + ":int}", value).replace("{" + name + "}", value)
            found.append((method, path))
    return found


@pytest.mark.parametrize("path_id", ["existing", "0", "9223372036854775807"])
async def test_hostile_input_never_causes_a_500(app, client, path_id: str) -> None:
    author = new_client(app)
    await logged_in(app, author, "target")
    made = await post_form(author, "/web/statuses", {"status": "hi"}, page="/")
    status_id = made.headers["location"].rsplit("/", 1)[1]
    await logged_in(app, client, "fuzzer")
    token = await csrf_of(client, "/")
    ids = {"id": {"existing": status_id}.get(path_id, path_id), "username": "target"}
    failures = []
    for method, path in _web_routes(ids):
        if "logout" in path:
            continue  # would end the session the rest of the run needs
        for value in HOSTILE:
            pairs = [("csrf_token", token), *((name, value) for name in FIELDS)]
            if method == "GET":
                query = [(name, v[:1000]) for name, v in pairs[1:]]  # URLs have a length limit
                response = await client.get(path + "?" + urlencode(query))
            else:
                response = await client.post(
                    path, content=urlencode(pairs),
                    headers={"content-type": "application/x-www-form-urlencoded"},
                )  # fmt: skip
            if response.status_code >= 500:
                failures.append((method, path, value[:20], response.status_code))
    assert failures == []
