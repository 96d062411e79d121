"""Search queries. Statuses use each database's full-text index, created in the migration:
an FTS5 table ``statuses_fts`` on SQLite, a GIN index ``ix_statuses_search_vector`` on
PostgreSQL. Who may see what is decided here, in SQL, so that paging stays exact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Select,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy import text as sql_text
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.ids import id_floor
from townsquare.kit.paging import PageRequest
from townsquare.kit.sql import dialect_name, in_ids
from townsquare.models import Account, Block, Follow, Mention, Mute, Status, StatusTag, Tag
from townsquare.search.terms import SearchTerms

# Must match the indexed expression exactly, or PostgreSQL will not use the index.
PG_DOCUMENT = "to_tsvector('simple', statuses.spoiler_text || ' ' || statuses.text)"


HISTORY_DAYS = 7
_DAY_MS = 86_400_000
# Status search looks back this many days from the page's top before searching everything.
SEARCH_WINDOW_DAYS = (1, 7, 30)


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _not_blocked(viewer_id: int | None, author: Any) -> ColumnElement[bool]:
    """Neither the viewer nor ``author`` blocks the other."""
    if viewer_id is None:
        return true()
    return ~exists().where(
        or_(
            and_(Block.account_id == author, Block.target_account_id == viewer_id),
            and_(Block.account_id == viewer_id, Block.target_account_id == author),
        )
    )


def _name_starts_with(lowered: str) -> ColumnElement[bool]:
    pattern = _like_prefix(lowered)
    display = func.lower(Account.display_name)
    return or_(
        Account.username_lower.like(pattern, escape="\\"),
        display.like(pattern, escape="\\"),
        display.like("% " + pattern, escape="\\"),
    )


async def accounts_by_name(
    session: AsyncSession,
    name: str,
    *,
    exact: bool,
    viewer_id: int | None,
    following_only: bool,
    limit: int,
    offset: int,
) -> Sequence[Account]:
    """Accounts named ``name`` (``exact``), or whose username or a word of whose display name
    starts with it; never suspended ones, nor any the viewer blocks or is blocked by."""
    lowered = name.lower()
    matches = Account.username_lower == lowered if exact else _name_starts_with(lowered)
    query = select(Account).where(
        Account.suspended_at.is_(None), matches, _not_blocked(viewer_id, Account.id)
    )
    if following_only and viewer_id is not None:
        query = query.where(
            exists().where(Follow.account_id == viewer_id, Follow.target_account_id == Account.id)
        )
    exact_first = case((Account.username_lower == lowered, 0), else_=1)
    query = query.order_by(exact_first, Account.followers_count.desc(), Account.id)
    rows = await session.execute(query.limit(limit).offset(offset))
    return rows.scalars().all()


async def tags_by_prefix(
    session: AsyncSession, prefix: str, *, limit: int, offset: int
) -> Sequence[Tag]:
    """Hashtags starting with ``prefix``: an exact match first, then shorter names first."""
    lowered = prefix.lower()
    query = (
        select(Tag)
        .where(Tag.name.like(_like_prefix(lowered), escape="\\"))
        .order_by(case((Tag.name == lowered, 0), else_=1), func.length(Tag.name), Tag.name)
        .limit(limit)
        .offset(offset)
    )
    return (await session.execute(query)).scalars().all()


async def tag_by_name(session: AsyncSession, name: str) -> Tag | None:
    found = await session.execute(select(Tag).where(Tag.name == name.lower()))
    return found.scalar_one_or_none()


def _full_text_match(session: AsyncSession, terms: SearchTerms) -> ColumnElement[bool]:
    if dialect_name(session) == "postgresql":
        condition = sql_text(f"{PG_DOCUMENT} @@ websearch_to_tsquery('simple', :search_query)")
        return condition.bindparams(search_query=terms.websearch())  # type: ignore[return-value]
    matching: Select[Any] = (
        select(literal_column("rowid"))
        .select_from(sql_text("statuses_fts"))
        .where(sql_text("statuses_fts MATCH :search_query").bindparams(search_query=terms.fts5()))
    )
    return Status.id.in_(matching)


def searchable_by(viewer_id: int, now: datetime) -> ColumnElement[bool]:
    """Statuses the viewer may find: their own; public and unlisted ones from accounts that
    allow search indexing; anything addressed to them by following or mention; never reblogs,
    nor statuses of accounts they block, mute, or are blocked by."""
    follows = exists().where(
        Follow.account_id == viewer_id, Follow.target_account_id == Status.account_id
    )
    mentioned = exists().where(Mention.status_id == Status.id, Mention.account_id == viewer_id)
    muted = exists().where(
        Mute.account_id == viewer_id,
        Mute.target_account_id == Status.account_id,
        or_(Mute.expires_at.is_(None), Mute.expires_at > now),
    )
    return and_(
        Status.reblog_of_id.is_(None),
        or_(
            Status.account_id == viewer_id,
            and_(Status.visibility.in_(("public", "unlisted")), Account.indexable.is_(True)),
            and_(Status.visibility.in_(("public", "unlisted", "private")), follows),
            and_(Status.visibility.in_(("private", "direct")), mentioned),
        ),
        _not_blocked(viewer_id, Status.account_id),
        ~muted,
    )


async def statuses_matching(
    session: AsyncSession,
    terms: SearchTerms,
    *,
    viewer_id: int,
    now: datetime,
    author_id: int | None,
    page: PageRequest,
    offset: int,
) -> list[Status]:
    """Statuses whose text or content warning contains ``terms``, newest first."""
    query: Select[Any] = (
        select(Status)
        .join(Account, Account.id == Status.account_id)
        .where(
            _full_text_match(session, terms),
            Account.suspended_at.is_(None),
            searchable_by(viewer_id, now),
        )
    )
    if author_id is not None:
        query = query.where(Status.account_id == author_id)
    if page.min_id is None and dialect_name(session) == "postgresql":
        # SQLite walks the newest posts and checks each against the full-text matches,
        # which is fast for rare and common words alike (1-8 ms on 100,000 posts).
        found = await _newest_in_windows(session, query, page, offset, now)
        if found is not None:
            return found
    query = page.apply(query, Status.id).offset(offset)
    rows = await session.execute(query)
    return page.finish(rows.scalars().all())


async def _newest_in_windows(
    session: AsyncSession, query: Select[Any], page: PageRequest, offset: int, now: datetime
) -> list[Status] | None:
    """The page from the newest matches, looked for in widening windows back from the
    page's top; ``None`` when the widest window holds too few (search them all then).

    A word most posts use is then found among the last day's posts instead of gathering
    and sorting every post that uses it (0.1 s on 100,000 posts); a rare word costs a few
    cheap index lookups more before the unbounded search.
    """
    wanted = page.limit + offset
    top_ms = page.max_id >> 16 if page.max_id is not None else int(now.timestamp() * 1000)
    for days in SEARCH_WINDOW_DAYS:
        floor = id_floor(top_ms - days * _DAY_MS)
        if page.since_id is not None and floor <= page.since_id:
            return None  # the page's own lower bound is closer
        bounded = page.apply(query.where(Status.id >= floor), Status.id)
        # "id + 0": ordering by the bare id lets PostgreSQL walk the primary key through
        # the window, computing every post's text vector (1.3 s for a rare word); this way
        # it intersects the full-text index with the window instead (2-5 ms).
        bounded = bounded.order_by(None).order_by((Status.id + 0).desc()).limit(wanted)
        rows = (await session.execute(bounded)).scalars().all()
        if len(rows) >= wanted:
            return list(rows[offset:])
    return None


async def tag_history(
    session: AsyncSession, tag_ids: Sequence[int], now_ms: int
) -> dict[int, dict[int, tuple[int, int]]]:
    """Per tag, per UTC day (days since the epoch) of the last week: (uses, accounts).

    Counts public statuses. The day comes from the status id (its high bits are the
    posting time in milliseconds), so the tag's index range is all the query reads.
    """
    if not tag_ids:
        return {}
    first_day = now_ms // _DAY_MS - (HISTORY_DAYS - 1)
    # An id is its posting time in milliseconds shifted left by 16 bits: whole days of it.
    day = StatusTag.status_id // literal(_DAY_MS << 16, BigInteger)
    rows = await session.execute(
        select(StatusTag.tag_id, day, func.count(), func.count(distinct(Status.account_id)))
        .join(Status, Status.id == StatusTag.status_id)
        .where(
            in_ids(StatusTag.tag_id, "tag_ids"),
            StatusTag.status_id >= id_floor(first_day * _DAY_MS),
            Status.visibility == "public",
        )
        .group_by(StatusTag.tag_id, day),
        {"tag_ids": list(tag_ids)},
    )
    history: dict[int, dict[int, tuple[int, int]]] = defaultdict(dict)
    for tag_id, day_number, uses, accounts in rows:
        history[tag_id][int(day_number)] = (uses, accounts)
    return history
