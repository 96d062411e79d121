"""Ranked sessions: the order served page after page, and opaque cursors into it.

The first page of a ranked feed stores its order (and the inputs behind it) as a
snapshot; the ``Link`` header's cursor names the snapshot and an offset, signed with the
server's secret key so that nobody can read another account's snapshot or forge offsets.
Paging through a session therefore never shows a post twice and never skips one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np
import orjson

from townsquare.feeds.pool import INT_COLUMNS, Pool

CURSOR_PREFIX = "r"
_PACK = struct.Struct(">QI")
_SIGNATURE_BYTES = 12


@dataclass(frozen=True)
class Cursor:
    snapshot_id: int
    offset: int


def encode_cursor(secret: str, account_id: int, cursor: Cursor) -> str:
    body = _PACK.pack(cursor.snapshot_id, cursor.offset)
    signature = _sign(secret, account_id, body)
    return CURSOR_PREFIX + base64.urlsafe_b64encode(body + signature).decode().rstrip("=")


def decode_cursor(secret: str, account_id: int, text: str) -> Cursor | None:
    """The cursor in ``text``, or None when it is not one of ours (or not the viewer's)."""
    if not text.startswith(CURSOR_PREFIX) or len(text) > 64:
        return None
    raw_text = text[len(CURSOR_PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(raw_text + "=" * (-len(raw_text) % 4))
    except (ValueError, TypeError):
        return None
    if len(raw) != _PACK.size + _SIGNATURE_BYTES:
        return None
    body, signature = raw[: _PACK.size], raw[_PACK.size :]
    if not hmac.compare_digest(signature, _sign(secret, account_id, body)):
        return None
    snapshot_id, offset = _PACK.unpack(body)
    return Cursor(snapshot_id, offset)


def _sign(secret: str, account_id: int, body: bytes) -> bytes:
    key = hashlib.sha256(b"townsquare feed cursor\0" + secret.encode()).digest()
    message = account_id.to_bytes(8, "big", signed=True) + body
    return hmac.new(key, message, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def dump_pool(pool: Pool, extra: dict[str, Any]) -> bytes:
    """A ranked pool (in served order) and the run's context, as bytes to store."""
    document = {
        "status_ids": pool.status_ids.tolist(),
        "sources": pool.sources.tolist(),
        "columns": {name: values.tolist() for name, values in pool.columns.items()},
        **extra,
    }
    return orjson.dumps(document)


def load_pool(payload: bytes) -> tuple[Pool, dict[str, Any]]:
    document = orjson.loads(payload)
    pool = Pool(
        np.array(document.pop("status_ids"), dtype=np.int64),
        np.array(document.pop("sources"), dtype=object),
    )
    for name, values in document.pop("columns").items():
        dtype = np.int64 if name in INT_COLUMNS else np.float64
        pool.columns[name] = np.array(values, dtype=dtype)
    return pool, document
