"""A post is committed, and its locks released, before its answer is rendered: the next
post by the same author never waits for a render."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text

from tests.factories import make_actor
from townsquare.api.mastodon import statuses as statuses_api
from townsquare.models import Status


async def test_the_answer_is_rendered_after_the_commit(
    client: httpx.AsyncClient, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = await make_actor(app, "alice")
    seen: dict[str, Any] = {}
    render = statuses_api.render_status

    async def checking_render(session: Any, viewer: Any, status: Any, *args: Any, **kw: Any) -> Any:
        db = app.state.db
        seen["write slot held"] = db._write_lock is not None and db._write_lock.locked()
        async with db.session() as other:  # another connection sees the post already
            seen["visible elsewhere"] = await other.get(Status, status.id) is not None
            if db.dialect == "postgresql":  # and can lock its author's row at once
                lock = "SELECT id FROM accounts WHERE id = :id FOR UPDATE NOWAIT"
                await other.execute(text(lock), {"id": status.account_id})
                seen["author row free"] = True
            await other.rollback()
        return await render(session, viewer, status, *args, **kw)

    monkeypatch.setattr(statuses_api, "render_status", checking_render)
    response = await client.post(
        "/api/v1/statuses", headers=alice.headers, data={"status": "hello #town"}
    )

    assert response.status_code == 200, response.text
    assert response.json()["account"]["statuses_count"] == 1
    assert seen["write slot held"] is False and seen["visible elsewhere"] is True
    if app.state.db.dialect == "postgresql":
        assert seen["author row free"] is True
