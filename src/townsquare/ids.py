"""64-bit, time-ordered ids in Mastodon's layout: milliseconds since the epoch << 16 | rest.

Ids sort by creation time, so ``ORDER BY id`` is chronological and paging with
``max_id`` / ``min_id`` works on the primary key. The low 16 bits are the making
process's node number (6 bits) and a per-millisecond counter (10 bits), so that ids made
in the same millisecond stay unique across the processes that share a database.

Each process claims its node number by locking one of 64 files in a folder every such
process on the machine shares (``use_node_folder``; the data folder). Machines sharing
one database each take a range of node numbers of their own (``TOWNSQUARE_ID_NODES``).
A random start was used before: two workers posting hundreds of statuses a second then
made the same id now and again, and the second insert failed.
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import threading
import time
from pathlib import Path

NODE_BITS = 6
SEQUENCE_BITS = 16 - NODE_BITS

log = logging.getLogger("townsquare.ids")
_lock = threading.Lock()
_last_ms = 0
_seq = 0
_node_folder: Path | None = None
_node_range = range(1 << NODE_BITS)
_node: tuple[int, int] | None = None  # (the process id that claimed it, the node number)
_claimed_files: list[int] = []  # kept open: closing a file would release its lock


def use_node_folder(folder: Path, nodes: range = _node_range) -> None:
    """Claim node numbers among ``nodes`` from lock files in ``folder``, shared by every
    process of this machine that writes to the same database."""
    global _node_folder, _node_range
    _node_folder, _node_range = folder, nodes


def _claim_node() -> int:
    folder = _node_folder
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for node in _node_range:
                fd = os.open(folder / f"{node}.lock", os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    continue
                _claimed_files.append(fd)
                return node
        except OSError as error:
            log.warning("cannot claim an id node in %s: %s", folder, error)
    # No folder, or every node taken: a random one of the range.
    if folder is not None:
        log.warning("no free id node in %s: drawing one at random", folder)
    return _node_range[secrets.randbelow(len(_node_range))]


def node() -> int:
    """This process's node number (claimed again in a forked child)."""
    global _node
    pid = os.getpid()
    if _node is None or _node[0] != pid:
        _node = (pid, _claim_node())
    return _node[1]


def new_id(at_ms: int | None = None) -> int:
    """Return a fresh id; ``at_ms`` backdates it (used for seeding and imports)."""
    global _last_ms, _seq
    if at_ms is not None:
        return (at_ms << 16) | secrets.randbelow(1 << 16)
    with _lock:
        now = int(time.time() * 1000)
        if now <= _last_ms:
            _seq += 1
            if _seq >= 1 << SEQUENCE_BITS:  # over 1,024 ids this millisecond: borrow the next
                _last_ms += 1
                _seq = 0
            now = _last_ms
        else:
            _last_ms = now
            _seq = 0
        return (now << 16) | (node() << SEQUENCE_BITS) | _seq


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
