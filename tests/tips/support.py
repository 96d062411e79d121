"""Helpers for tip jar tests."""

from __future__ import annotations

from typing import Any

import base58
import httpx

from tests.factories import Actor

API = "/api/townsquare/v1"
DOGE = "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L"
BTC = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
LIGHTNING = "alice@pay.example.com"


async def put_tip_jar(client: httpx.AsyncClient, actor: Actor, **body: Any) -> httpx.Response:
    return await client.put(f"{API}/tip_jar", json=body, headers=actor.headers)


async def post(client: httpx.AsyncClient, actor: Actor, **body: Any) -> str:
    response = await client.post(
        "/api/v1/statuses", json={"status": "hello", **body}, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def b58(
    version: int, payload: bytes = bytes.fromhex("65a16059864a2fdbc7c99a4723a8395bc6f188eb")
) -> str:
    """A Base58Check address with ``version`` over a published vector's 20-byte hash."""
    return base58.b58encode_check(bytes([version]) + payload).decode()
