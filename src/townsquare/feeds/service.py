"""Serving feeds: a page (with receipts), "why is this post here", replay, feedback."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.feeds import pipeline, policy
from townsquare.feeds import repository as repo
from townsquare.feeds.definition import Feed
from townsquare.feeds.manifest import running_source_hash
from townsquare.feeds.pool import Candidate, FeedQuery, Pool
from townsquare.feeds.registry import built_in
from townsquare.feeds.snapshots import Cursor, decode_cursor, dump_pool, encode_cursor, load_pool
from townsquare.kit.errors import Unprocessable
from townsquare.models import Account, Status
from townsquare.models.base import utcnow
from townsquare.settings import Settings
from townsquare.statuses import service as statuses

# How many ranked posts a session keeps: 20 pages of 20.
SESSION_SIZE = 400
FEEDBACK_VALUES = {"more": 1, "less": -1}


@dataclass
class Page:
    """One page of a feed: statuses in order, their receipts when asked, the next cursor."""

    statuses: list[Status]
    receipts: list[dict[str, Any]] | None
    next_cursor: str | None


async def resolve(session: AsyncSession, viewer: Account | None, key: str) -> Feed:
    """A built-in feed by name, or a fork by id (the viewer's own or a public one)."""
    if key.isdigit():
        custom = await policy.usable_fork(session, viewer, key)
        return policy.fork_feed(custom)
    return built_in(key).resolve(source_hash=running_source_hash())


def _query(settings: Settings, viewer: Account, feed: Feed, now_ms: int, **extra: Any) -> FeedQuery:
    return FeedQuery(viewer.id, now_ms, feed.params, settings.fanout_threshold, **extra)


async def page(
    session: AsyncSession,
    settings: Settings,
    viewer: Account,
    feed: Feed,
    cursor_text: str | None,
    limit: int,
    explain: bool,
) -> Page:
    """A page of ``feed``: a fresh ranking, or the next page of a session's snapshot."""
    if not feed.definition.ranked:
        return await _chronological(session, settings, viewer, feed, cursor_text, limit, explain)
    if cursor_text:
        cursor = decode_cursor(settings.secret_key, viewer.id, cursor_text)
        if cursor is None:  # a status id from a chronological feed, or a forged cursor
            return Page([], [] if explain else None, None)
        return await _from_snapshot(session, settings, viewer, cursor, limit, explain)
    now_ms = int(time.time() * 1000)
    query = _query(settings, viewer, feed, now_ms)
    ranking = await pipeline.rank(
        session, feed, query, cache_seconds=settings.feeds_candidate_cache_seconds
    )
    top = ranking.pool.take(ranking.selection.order[:SESSION_SIZE])
    extra = {"feed": feed.document(), "now_ms": now_ms}
    snapshot_id = await repo.save_snapshot(
        session,
        account_id=viewer.id,
        feed=feed.key,
        version=feed.version,
        payload=dump_pool(top, extra),
        created_at=utcnow(),
    )
    return await _serve(session, settings, viewer, snapshot_id, top, extra, 0, limit, explain)


async def _from_snapshot(
    session: AsyncSession,
    settings: Settings,
    viewer: Account,
    cursor: Cursor,
    limit: int,
    explain: bool,
) -> Page:
    snapshot = await repo.snapshot(session, cursor.snapshot_id)
    if snapshot is None or snapshot.account_id != viewer.id:
        return Page([], [] if explain else None, None)  # expired: reload the feed
    pool, extra = load_pool(snapshot.payload)
    return await _serve(
        session, settings, viewer, snapshot.id, pool, extra, cursor.offset, limit, explain
    )


def snapshot_feed(extra: dict[str, Any]) -> Feed:
    """The feed a snapshot or receipt was ranked with, from the document it carries."""
    document = extra["feed"]
    return built_in(document["base"]).resolve(
        document["weights"],
        document["params"],
        key=document["key"],
        source_hash=running_source_hash(),
    )


async def _serve(
    session: AsyncSession,
    settings: Settings,
    viewer: Account,
    snapshot_id: int,
    pool: Pool,
    extra: dict[str, Any],
    offset: int,
    limit: int,
    explain: bool,
) -> Page:
    ids = [int(i) for i in pool.status_ids[offset : offset + limit]]
    found = await repo.statuses_by_id(session, ids)
    shown = [found[i] for i in ids if i in found]
    end = offset + limit
    next_cursor = None
    if end < len(pool):
        next_cursor = encode_cursor(settings.secret_key, viewer.id, Cursor(snapshot_id, end))
    receipts = None
    if explain:
        feed = snapshot_feed(extra)
        query = _query(settings, viewer, feed, int(extra["now_ms"]))
        ranking = pipeline.rank_pool(feed, query, pool)
        by_id = {
            int(ranking.pool.status_ids[ranking.selection.order[r]]): r
            for r in range(offset, min(end, len(pool)))
        }
        receipts = [pipeline.receipt(ranking, by_id[s.id]) for s in shown]
    return Page(shown, receipts, next_cursor)


async def _chronological(
    session: AsyncSession,
    settings: Settings,
    viewer: Account,
    feed: Feed,
    cursor_text: str | None,
    limit: int,
    explain: bool,
) -> Page:
    """``following``: the home timeline itself, paged on status ids like Mastodon."""
    from townsquare.ids import parse_id

    max_id = parse_id(cursor_text) if cursor_text else None
    now_ms = int(time.time() * 1000)
    query = _query(settings, viewer, feed, now_ms, max_id=max_id)
    params = {**feed.params, "in_network_candidates": limit}
    query = FeedQuery(query.viewer_id, now_ms, params, query.fanout_threshold, max_id)
    ranking = await pipeline.rank(session, feed, query)
    ids = ranking.ordered_ids()
    found = await repo.statuses_by_id(session, ids)
    shown = [found[i] for i in ids if i in found]
    receipts = [pipeline.receipt(ranking, r) for r in range(len(shown))] if explain else None
    next_cursor = str(ids[-1]) if len(ids) == limit else None
    return Page(shown, receipts, next_cursor)


async def why(
    session: AsyncSession, settings: Settings, viewer: Account, feed: Feed, status_id: int
) -> dict[str, Any]:
    """Where ``status_id`` ranks in ``feed`` for the viewer now, or which filter removed it."""
    status = await statuses.find_visible(session, viewer, status_id)
    now_ms = int(time.time() * 1000)
    query = _query(settings, viewer, feed, now_ms)
    requested = [Candidate(status.id, "requested")]
    cache_seconds = settings.feeds_candidate_cache_seconds
    ranking = await pipeline.rank(session, feed, query, requested, cache_seconds)
    answer: dict[str, Any] = {
        "status_id": str(status.id),
        "feed": feed.key,
        "version": feed.version,
        "candidates": len(ranking.pool),
    }
    position = ranking.position_of(status.id)
    if position is not None:
        receipt = pipeline.receipt(ranking, position)
        answer.update(ranked=True, rank=position + 1, receipt=receipt)
        answer["proposed_by"] = receipt["source"]
        if receipt["source"] == "requested":
            answer["note"] = (
                "No source of this feed proposes this post right now; had one proposed it, "
                "this is where it would rank."
            )
        return answer
    removal = ranking.removed.get(status.id)
    answer.update(ranked=False, rank=None)
    if removal is not None:
        answer["removed_by"] = {"filter": removal.filter, "reason": removal.reason}
    return answer


def replay(document: Any) -> dict[str, Any]:
    """Re-run a feed's pure stages on the inputs recorded in receipts; compare the order."""
    receipts = _receipts_of(document)
    first = receipts[0]
    if any(
        r.get("feed") != first.get("feed") or r.get("now_ms") != first.get("now_ms")
        for r in receipts
    ):
        raise Unprocessable("Validation failed: the receipts come from different rankings")
    try:
        feed = snapshot_feed(first)
        names = sorted(k for k in first["inputs"] if k not in ("status_id", "source"))
        pool = Pool.from_rows([r["inputs"] for r in receipts], names)
        served = [str(r["inputs"]["status_id"]) for r in sorted(receipts, key=lambda r: r["rank"])]
        now_ms = int(first["now_ms"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise Unprocessable(f"Validation failed: malformed receipt ({error})") from None
    query = FeedQuery(0, now_ms, feed.params)
    ranking = pipeline.rank_pool(feed, query, pool)
    order = [str(i) for i in ranking.ordered_ids()]
    return {
        "feed": feed.key,
        "version": feed.version,
        "version_matches": feed.version == first["feed"].get("version"),
        "order": order,
        "served": served,
        "matches": order == served,
    }


def _receipts_of(document: Any) -> list[dict[str, Any]]:
    items = document.get("receipts") if isinstance(document, dict) else document
    if isinstance(items, list) and items and all(isinstance(i, dict) for i in items):
        receipts = [i.get("receipt", i) for i in items]
        if all(isinstance(r, dict) and "inputs" in r and "feed" in r for r in receipts):
            return receipts
    raise Unprocessable("Validation failed: receipts must be a non-empty list of receipts")


async def give_feedback(
    session: AsyncSession, viewer: Account, status_id: int, value: str | None
) -> Status:
    """Record "show more" / "show less" (or, with ``None``, withdraw it) about a status."""
    status = await statuses.find_visible(session, viewer, status_id)
    if value is None:
        await repo.remove_feedback(session, viewer.id, status.id)
        return status
    if value not in FEEDBACK_VALUES:
        raise Unprocessable("Validation failed: feedback must be more or less")
    author = status.account_id
    await repo.set_feedback(session, viewer.id, status.id, author, FEEDBACK_VALUES[value])
    return status


async def choose_home(session: AsyncSession, viewer: Account, key: str) -> Feed:
    """Make ``key`` the feed ``/api/v1/timelines/home`` serves the viewer."""
    feed = await resolve(session, viewer, key)
    await repo.set_choice(session, viewer.id, feed.key, utcnow())
    return feed


async def home_feed_key(session: AsyncSession, viewer: Account) -> str:
    return await repo.chosen_feed(session, viewer.id) or "following"
