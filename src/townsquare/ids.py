"""64-bit, time-ordered ids in Mastodon's layout: milliseconds since the epoch << 16 | sequence.

Ids sort by creation time, so ``ORDER BY id`` is chronological and paging with
``max_id`` / ``min_id`` works on the primary key. The low 16 bits hold a random start
plus a per-millisecond counter so that ids made in the same millisecond stay unique
across processes (with overwhelming probability) and ordered within one.
"""

from __future__ import annotations

import secrets
import threading
import time

_lock = threading.Lock()
_last_ms = 0
_seq = 0


def new_id(at_ms: int | None = None) -> int:
    """Return a fresh id; ``at_ms`` backdates it (used for seeding and imports)."""
    global _last_ms, _seq
    if at_ms is not None:
        return (at_ms << 16) | secrets.randbelow(1 << 16)
    with _lock:
        now = int(time.time() * 1000)
        if now <= _last_ms:
            _seq += 1
            if _seq >= 1 << 16:
                _last_ms += 1
                _seq = secrets.randbelow(1 << 12)
            now = _last_ms
        else:
            _last_ms = now
            _seq = secrets.randbelow(1 << 12)
        return (now << 16) | _seq


def id_floor(at_ms: int) -> int:
    """The smallest id made at or after ``at_ms`` (for time-window queries)."""
    return at_ms << 16


def parse_id(value: object) -> int | None:
    """Parse a client-supplied id string; ``None`` when it is not a positive 63-bit integer."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)
    else:
        return None
    return number if 0 < number < 1 << 63 else None
