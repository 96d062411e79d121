"""QR codes of payment URIs, drawn by segno."""

from __future__ import annotations

import io

import segno

DEFAULT_SCALE = 6
BORDER = 4  # the quiet zone the QR specification requires


def _code(uri: str) -> segno.QRCode:
    # Level M survives a smudged or partly covered print while keeping the code small.
    return segno.make_qr(uri, error="m")


def svg(uri: str, scale: int = DEFAULT_SCALE) -> bytes:
    out = io.BytesIO()
    _code(uri).save(out, kind="svg", scale=scale, border=BORDER, title="Payment QR code")
    return out.getvalue()


def png(uri: str, scale: int = DEFAULT_SCALE) -> bytes:
    out = io.BytesIO()
    _code(uri).save(out, kind="png", scale=scale, border=BORDER)
    return out.getvalue()


def matrix(uri: str) -> list[list[int]]:
    """The code's modules (1 dark, 0 light) without the border, for checks."""
    return [list(row) for row in _code(uri).matrix]
