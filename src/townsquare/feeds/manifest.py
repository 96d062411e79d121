"""The ranking code's hash, and what ranking reads and never reads.

The hash: SHA-256 over every ``*.py`` file under ``src/townsquare/feeds/``, taken in the
order of their paths relative to that folder (sorted, ``/``-separated); for each file the
path's UTF-8 bytes, a NUL byte, the file's bytes and a NUL byte. ``townsquare algorithm
hash`` computes the same value from any checkout.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent

# Never read by any ranking stage (checked by tests/feeds/test_never_reads.py).
NEVER_READS = {
    "users": "email, password hashes and every other login detail",
    "oauth_tokens": "access tokens",
    "oauth_codes": "authorisation codes",
    "oauth_apps": "client secrets",
    "statuses (direct)": "direct messages: ranked feeds propose only public, unlisted and "
    "followers-only posts the viewer may see, and drop direct messages",
    "tip_jar_addresses": "tip jar addresses: whether and how someone can be tipped",
    "tip_jar_changes": "the history of tip jar address changes",
    "accounts (tip_jar_fields)": "the tip jar addresses shown on profiles",
}


def source_files(root: Path = PACKAGE) -> list[str]:
    """The hashed files, as sorted ``/``-separated paths relative to ``root``."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.py"))


def source_hash(root: Path = PACKAGE) -> str:
    digest = hashlib.sha256()
    for relative in source_files(root):
        digest.update(relative.encode() + b"\0" + (root / relative).read_bytes() + b"\0")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def running_source_hash() -> str:
    """The hash of the code this process loaded (computed once)."""
    return source_hash()


def reads(definitions: Any) -> dict[str, list[str]]:
    """Every table and column the sources and hydrators of ``definitions`` read."""
    tables: dict[str, set[str]] = {}
    for definition in definitions:
        for stage in (*definition.sources, *definition.hydrators):
            for table, columns in stage.reads.items():
                tables.setdefault(table, set()).update(columns)
    return {table: sorted(columns) for table, columns in sorted(tables.items())}


def manifest(candidate_cache_seconds: float = 0.0) -> dict[str, Any]:
    """``GET /api/townsquare/v1/algorithm``: every feed, stage, weight, and the code's hash,
    and how long out-of-network candidates are reused (``feeds.candidate_cache``)."""
    from townsquare.feeds.registry import BUILT_IN
    from townsquare.instance.service import mastodon_version

    code = running_source_hash()
    feeds = []
    for definition in BUILT_IN.values():
        feed = definition.resolve(source_hash=code)
        feeds.append(
            {
                "name": definition.name,
                "title": definition.title,
                "description": definition.description,
                "version": feed.version,
                "ranked": definition.ranked,
                "stages": definition.stages(),
                "weights": {k: s.manifest() for k, s in definition.weights.items()},
                "params": {k: s.manifest() for k, s in definition.params.items()},
            }
        )
    return {
        "software_version": mastodon_version(),
        "source_hash": {
            "algorithm": "sha256",
            "value": code,
            "files": source_files(),
            "method": "sorted paths under src/townsquare/feeds/; per file: path, NUL, bytes, NUL",
        },
        "feeds": feeds,
        "reads": reads(BUILT_IN.values()),
        "never_reads": NEVER_READS,
        "candidate_cache_seconds": candidate_cache_seconds,
        "feedback_weights": {
            "show_more": "see each feed's show_more weight",
            "show_less": "see each feed's show_less weight",
        },
    }
