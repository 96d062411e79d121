"""Shared steps for the integrity hook tests: labels written straight into the labels table
(whoever applied them, the hooks read that table), posts, and a state-media data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from tests.factories import Actor
from townsquare.models import Label


async def add_label(
    app: Starlette, target_type: str, target_id: str, value: str, applied_by: str = "moderator"
) -> None:
    async with app.state.db.session() as session:
        session.add(Label(target_type=target_type, target_id=int(target_id), value=value,
                          applied_by=applied_by, evidence={"test": True}))  # fmt: skip
        await session.commit()


async def post(client: httpx.AsyncClient, author: Actor, text: str, **fields: Any) -> str:
    response = await client.post(
        "/api/v1/statuses", headers=author.headers, json={"status": text, **fields}
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def entry_toml(acct: str, affiliation: str, country: str = "XX") -> str:
    return (
        f'[[accounts]]\nacct = "{acct}"\naffiliation = "{affiliation}"\ncountry = "{country}"\n'
        f'source.url = "https://example.org/registry/{acct}"\n'
        f'source.title = "Public media registry: {acct}"\n\n'
    )


def write_state_media(path: Path, *entries: str) -> Path:
    path.write_text("".join(entries))
    return path
