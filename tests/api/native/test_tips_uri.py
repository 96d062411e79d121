"""Payment URIs naming the post being tipped for, and QR codes that decode back to them."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
import zxingcpp
from PIL import Image

from tests.factories import make_actor
from tests.tips.support import API, BTC, DOGE, LIGHTNING, post, put_tip_jar
from townsquare.tips import qr


async def _alice(client: httpx.AsyncClient, app: Any, **fields: Any) -> Any:
    alice = await make_actor(app, "alice", display_name="Alice & Bob?", **fields)
    await put_tip_jar(client, alice, dogecoin=DOGE, bitcoin=BTC, lightning=LIGHTNING)
    return alice


async def test_uri_names_the_post_and_percent_encodes(client: httpx.AsyncClient, app: Any) -> None:
    alice = await _alice(client, app)
    status_id = await post(client, alice)

    response = await client.get(
        f"{API}/tip_jar/{alice.id}/dogecoin/uri",
        params={"amount": "42.50", "status_id": status_id},
    )

    assert response.status_code == 200, response.text
    body = response.json()
    message = f"Tip for http://ts.test/@alice/{status_id}"
    assert body == {
        "currency": "dogecoin",
        "address": DOGE,
        "amount": "42.5",
        "label": "@alice@ts.test",
        "message": message,
        "uri": f"dogecoin:{DOGE}?amount=42.5&label=%40alice%40ts.test"
        f"&message=Tip%20for%20http%3A%2F%2Fts.test%2F%40alice%2F{status_id}",
    }
    assert unquote(body["uri"].rpartition("message=")[2]) == message
    bitcoin = (await client.get(f"{API}/tip_jar/{alice.id}/bitcoin/uri")).json()
    assert bitcoin["uri"] == f"bitcoin:{BTC}?label=%40alice%40ts.test"
    lightning = (await client.get(f"{API}/tip_jar/{alice.id}/lightning/uri")).json()
    assert lightning["uri"] == f"lightning:{LIGHTNING}"


async def test_the_post_must_be_visible_and_the_owners(client: httpx.AsyncClient, app: Any) -> None:
    alice = await _alice(client, app)
    bob = await make_actor(app, "bob")
    private = await post(client, alice, visibility="private")
    bobs = await post(client, bob)
    uri = f"{API}/tip_jar/{alice.id}/dogecoin/uri"

    hidden = await client.get(uri, params={"status_id": private}, headers=bob.headers)
    assert hidden.status_code == 404
    shown = await client.get(uri, params={"status_id": private}, headers=alice.headers)
    assert shown.status_code == 200
    other = await client.get(uri, params={"status_id": bobs})
    assert other.status_code == 422
    assert other.json() == {"error": "Validation failed: status_id is not a post by this account"}


@pytest.mark.parametrize(
    ("path", "params", "status", "error"),
    [
        ("dogecoin/uri", {"amount": "-1"}, 422, "Validation failed: amount must be a number of "
         "DOGE with at most 8 decimals, like 10 or 0.5"),
        ("bitcoin/uri", {"amount": "0.000000001"}, 422, "Validation failed: amount must be a "
         "number of BTC with at most 8 decimals, like 10 or 0.5"),
        ("bitcoin/uri", {"amount": "1e3"}, 422, "Validation failed: amount must be a number of "
         "BTC with at most 8 decimals, like 10 or 0.5"),
        ("dogecoin/uri", {"amount": "0"}, 422, "Validation failed: amount must be more than zero"),
        ("lightning/uri", {"amount": "1"}, 422, "Validation failed: amount cannot be part of a "
         "Lightning address URI; the payer's wallet asks for it"),
        ("ether/uri", {}, 404, "Unknown currency 'ether': use one of dogecoin, bitcoin, lightning"),
        ("dogecoin/uri", {"status_id": "999"}, 404, "Record not found"),
    ],
)  # fmt: skip
async def test_uri_errors(
    client: httpx.AsyncClient, app: Any, path: str, params: dict[str, str], status: int, error: str
) -> None:
    alice = await _alice(client, app)
    response = await client.get(f"{API}/tip_jar/{alice.id}/{path}", params=params)
    assert response.status_code == status
    assert response.json() == {"error": error}


async def test_no_address_is_a_404(client: httpx.AsyncClient, app: Any) -> None:
    bob = await make_actor(app, "bob")
    response = await client.get(f"{API}/tip_jar/{bob.id}/dogecoin/qr.png")
    assert response.status_code == 404
    assert response.json() == {"error": "This account has no dogecoin address"}


async def test_qr_codes_decode_back_to_the_uri(client: httpx.AsyncClient, app: Any) -> None:
    alice = await _alice(client, app)
    status_id = await post(client, alice)
    params = {"amount": "3.14", "status_id": status_id}
    base = f"{API}/tip_jar/{alice.id}/dogecoin"
    uri = (await client.get(f"{base}/uri", params=params)).json()["uri"]

    png = await client.get(f"{base}/qr.png", params=params)

    assert png.headers["content-type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert [(d.format, d.text) for d in decoded] == [(zxingcpp.BarcodeFormat.QRCode, uri)]
    # Pixel by pixel, the PNG draws segno's matrix of that URI with its quiet zone.
    image = Image.open(io.BytesIO(png.content)).convert("L")
    modules = qr.matrix(uri)
    scale, border = qr.DEFAULT_SCALE, qr.BORDER
    assert image.size == ((len(modules) + 2 * border) * scale,) * 2
    drawn = [
        [int(image.getpixel(((x + border) * scale + 2, (y + border) * scale + 2)) < 128)
         for x in range(len(modules))]
        for y in range(len(modules))
    ]  # fmt: skip
    assert drawn == modules
    svg = await client.get(f"{base}/qr.svg", params={**params, "scale": 2})
    assert svg.headers["content-type"] == "image/svg+xml"
    assert "default-src 'none'" in svg.headers["content-security-policy"]
    assert svg.text.startswith("<?xml") and "<svg" in svg.text and "<script" not in svg.text
    # The SVG draws the same modules as segno's matrix of the URI.
    size = len(qr.matrix(uri)) + 2 * qr.BORDER
    assert f'width="{size * 2}"' in svg.text
