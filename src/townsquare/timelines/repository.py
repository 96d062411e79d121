"""Timeline queries, in Core SQL: each is one ordered index range scan per branch.

Every query selects status ids for one page and loads the page's ``Status`` rows in the
same statement. Mutes, blocks and visibility are correlated ``EXISTS`` probes (see
``conditions``), applied while the index is walked, so a page costs about ``limit`` rows
of work whatever the size of the viewer's follow, mute or block lists.

Statements are built once per shape (which paging bounds are set, how many big authors
are merged, which options are on) and cached with named bind parameters: building and
compiling a statement of this size costs more than running it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    bindparam,
    exists,
    literal,
    null,
    or_,
    select,
    union,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.paging import PageRequest, apply_bound
from townsquare.kit.prepared import as_models, prepared_for
from townsquare.kit.sql import in_ids
from townsquare.models import (
    Account,
    Follow,
    HomeFeedEntry,
    PendingFanout,
    Status,
    StatusPin,
    StatusTag,
    Tag,
)
from townsquare.timelines import conditions as cond
from townsquare.timelines.conditions import NOW, VIEWER

statuses = Status.__table__
originals = Status.__table__.alias("originals")
home_entries = HomeFeedEntry.__table__
pending = PendingFanout.__table__
status_tags = StatusTag.__table__
Shape = tuple[bool, bool, bool]

# Past this many followed big authors, the rest share one branch (rare: few accounts have
# more followers than the fan-out threshold).
MAX_AUTHOR_BRANCHES = 100
# Home timelines merge at most this many of the newest queued (not yet delivered) statuses;
# the fan-out job keeps the queue far shorter.
MAX_PENDING_MERGED = 1000


def _ids(name: str) -> Any:
    return bindparam(name, type_=BigInteger, expanding=True)


def _params(page: PageRequest, viewer_id: int | None, now: datetime) -> dict[str, Any]:
    return {**page.bind_values(), "viewer_id": viewer_id, "now": now}


async def _run(
    session: AsyncSession, statement: Any, params: dict[str, Any], page: PageRequest
) -> list[Any]:
    """A page of ``Status`` rows (or ids, for a statement selecting only ids)."""
    prepared = prepared_for(statement)
    if not prepared.supported:
        return page.finish((await session.execute(statement, params)).scalars().all())
    rows = await prepared.rows(session, params)
    if len(statement.selected_columns) == 1:
        return page.finish([row[0] for row in rows])
    return page.finish(as_models(Status, rows))


@dataclass(frozen=True)
class BigAuthor:
    """A followed account above the fan-out threshold, merged in at read time."""

    id: int
    show_reblogs: bool


@dataclass(frozen=True)
class HomeSources:
    """What a home page merges besides the viewer's fanned-out entries."""

    big_authors: list[BigAuthor]
    pending_ids: list[int]  # statuses still in the fan-out queue, newest first


@lru_cache(maxsize=1)
def _home_sources_statement() -> CompoundSelect[Any]:
    follow = (Follow.account_id == VIEWER) & (Follow.target_account_id == Account.id)
    # NULL when the viewer does not follow the account. A scalar subquery, not EXISTS:
    # PostgreSQL turned EXISTS into a join and, in the generic plan it caches for a
    # prepared statement (which cannot know how many accounts this viewer follows), walked
    # the viewer's whole follow list: 14 ms at 5,000 follows instead of 0.1.
    show_reblogs = select(Follow.show_reblogs).where(follow).limit(1).scalar_subquery()
    # A setting, written into the SQL so that the planner sees how few accounts pass it.
    threshold = bindparam("threshold", type_=BigInteger, literal_execute=True)
    big = select(literal("big"), Account.id, show_reblogs).where(
        Account.followers_count > threshold
    )
    newest_queued = (
        select(pending.c.status_id).order_by(pending.c.status_id.desc()).limit(MAX_PENDING_MERGED)
    ).subquery()
    queued = select(literal("pending"), newest_queued.c.status_id, null())
    return union_all(big, queued)


async def home_sources(session: AsyncSession, viewer_id: int, threshold: int) -> HomeSources:
    """The accounts above ``threshold`` followers that the viewer follows, and the newest
    statuses in the fan-out queue (usually none: the job empties it), in one round trip.

    Walks the (small) range of big accounts on ``accounts.followers_count`` and probes
    the follow index for each: it never reads the viewer's whole follow list.
    """
    params = {"viewer_id": viewer_id, "threshold": threshold}
    sources = HomeSources([], [])
    for kind, found_id, reblogs in await prepared_for(_home_sources_statement()).rows(
        session, params
    ):
        if kind == "pending":
            sources.pending_ids.append(found_id)
        elif reblogs is not None:
            sources.big_authors.append(BigAuthor(found_id, bool(reblogs)))
    sources.pending_ids.sort(reverse=True)
    return sources


def _not_hidden() -> ColumnElement[bool]:
    """Neither the status's author nor, for a reblog, the original's author is hidden."""
    return ~cond.hidden_accounts(VIEWER, [statuses.c.account_id, originals.c.account_id], NOW)


def _with_originals(from_clause: Any) -> Any:
    return from_clause.outerjoin(originals, originals.c.id == statuses.c.reblog_of_id)


def _fanned_out_branch(shape: Shape) -> Select[Any]:
    """The viewer's fanned-out entries: a range of the (account_id, status_id) primary key."""
    joined = home_entries.join(statuses, statuses.c.id == home_entries.c.status_id)
    query = (
        select(home_entries.c.status_id.label("id"))
        .select_from(_with_originals(joined))
        .where(home_entries.c.account_id == VIEWER, _not_hidden())
    )
    return apply_bound(query, home_entries.c.status_id, shape)


def _big_author_branch(
    shape: Shape,
    author: ColumnElement[bool],
    reblogs: ColumnElement[bool],
    source: Any = statuses,
    order_column: Any = statuses.c.id,
) -> Select[Any]:
    """Recent posts of big authors: a range of the (account_id, id) index per author."""
    query = (
        select(statuses.c.id.label("id"))
        .select_from(_with_originals(source))
        .where(
            author,
            or_(statuses.c.reblog_of_id.is_(None), reblogs),
            statuses.c.visibility.in_(cond.FOLLOWER_VISIBILITIES),
            # As fan-out does: a reply to someone else only if it is to the viewer, or the
            # viewer follows them too.
            or_(
                statuses.c.in_reply_to_account_id.is_(None),
                statuses.c.in_reply_to_account_id == statuses.c.account_id,
                statuses.c.in_reply_to_account_id == VIEWER,
                cond.follows(VIEWER, statuses.c.in_reply_to_account_id),
            ),
            _not_hidden(),
        )
    )
    return apply_bound(query, order_column, shape)


def _merged(branches: list[Select[Any]], shape: Shape) -> Select[Any]:
    """Merge the branches' ids (each already bounded and limited) and load the page's rows."""
    # Each branch is wrapped so that its ORDER BY / LIMIT survive inside the UNION
    # (SQLite rejects them on bare compound members).
    members = [select(b.subquery().c.id) for b in branches]
    merged = (union(*members) if len(members) > 1 else members[0]).subquery()
    query = select(Status).join(merged, merged.c.id == Status.id)
    return apply_bound(query, Status.id, shape)


def _pending_branch(shape: Shape) -> Select[Any]:
    """Followed authors' statuses still in the fan-out queue, under fan-out's own rules."""
    followed = (Follow.account_id == VIEWER) & (Follow.target_account_id == statuses.c.account_id)
    return _big_author_branch(
        shape,
        in_ids(statuses.c.id, "pending_ids") & exists().where(followed),
        exists().where(followed, Follow.show_reblogs.is_(True)),
    )


@lru_cache(maxsize=256)
def _home_statement(
    shape: Shape, author_branches: int, has_rest: bool, has_pending: bool
) -> Select[Any]:
    branches = [_fanned_out_branch(shape)]
    if has_pending:
        # A list of ids, not a join on the queue: SQLite, which keeps no statistics, would
        # otherwise walk all statuses to join them with a queue it cannot know is tiny.
        branches.append(_pending_branch(shape))
    for i in range(author_branches):
        author = statuses.c.account_id == bindparam(f"author_{i}", type_=BigInteger)
        shows_reblogs = bindparam(f"author_{i}_reblogs", type_=Boolean)
        branches.append(_big_author_branch(shape, author, shows_reblogs))
    if has_rest:
        rest = in_ids(statuses.c.account_id, "rest_ids")
        rest_reblogs = in_ids(statuses.c.account_id, "rest_reblog_ids")
        branches.append(_big_author_branch(shape, rest, rest_reblogs))
    return _merged(branches, shape)


async def home_page(
    session: AsyncSession,
    viewer_id: int,
    sources: HomeSources,
    page: PageRequest,
    now: datetime,
    ids_only: bool = False,
) -> list[Any]:
    """The viewer's home page: fanned-out entries merged with followed big authors' posts
    and with followed authors' statuses still in the fan-out queue (``home_sources``).
    With ``ids_only``, the statuses' ids rather than the rows (for ranking them)."""
    params = _params(page, viewer_id, now)
    params["pending_ids"] = sources.pending_ids
    big_authors = sources.big_authors
    branched, rest = big_authors[:MAX_AUTHOR_BRANCHES], big_authors[MAX_AUTHOR_BRANCHES:]
    for i, author in enumerate(branched):
        params[f"author_{i}"] = author.id
        params[f"author_{i}_reblogs"] = author.show_reblogs
    params["rest_ids"] = [a.id for a in rest]
    params["rest_reblog_ids"] = [a.id for a in rest if a.show_reblogs]
    shape = (page.shape, len(branched), bool(rest), bool(sources.pending_ids))
    statement = _home_ids_statement(*shape) if ids_only else _home_statement(*shape)
    return await _run(session, statement, params, page)


@lru_cache(maxsize=256)
def _home_ids_statement(
    shape: Shape, author_branches: int, has_rest: bool, has_pending: bool
) -> Select[Any]:
    statement = _home_statement(shape, author_branches, has_rest, has_pending)
    return statement.with_only_columns(statuses.c.id)


@lru_cache(maxsize=16)
def _public_statement(shape: Shape, has_viewer: bool) -> Select[Any]:
    query = select(Status).where(
        statuses.c.visibility == "public",
        statuses.c.reblog_of_id.is_(None),
        cond.not_reply_to_others(statuses),
    )
    if has_viewer:
        query = query.where(~cond.hidden_accounts(VIEWER, [statuses.c.account_id], NOW))
    return apply_bound(query, Status.id, shape)


async def public_page(
    session: AsyncSession, viewer_id: int | None, page: PageRequest, now: datetime
) -> list[Status]:
    """Public, original, non-reply statuses: a range of the (visibility, id) index."""
    statement = _public_statement(page.shape, viewer_id is not None)
    return await _run(session, statement, _params(page, viewer_id, now), page)


async def tag_ids(session: AsyncSession, names: Sequence[str]) -> dict[str, int]:
    """Tag ids by (lower-case) name, for the names that exist."""
    if not names:
        return {}
    rows = await session.execute(select(Tag.name, Tag.id).where(Tag.name.in_(set(names))))
    return {row.name: row.id for row in rows}


def _has_tag(tag_ids: Any) -> ColumnElement[bool]:
    inner = status_tags.alias()
    return exists().where(inner.c.status_id == status_tags.c.status_id, inner.c.tag_id.in_(tag_ids))


@lru_cache(maxsize=128)
def _tag_statement(shape: Shape, has_viewer: bool, all_count: int, has_none: bool) -> Select[Any]:
    query = (
        select(status_tags.c.status_id.label("id"))
        .distinct()
        .join(statuses, statuses.c.id == status_tags.c.status_id)
        .where(status_tags.c.tag_id.in_(_ids("any_ids")), statuses.c.visibility == "public")
    )
    for i in range(all_count):
        query = query.where(_has_tag([bindparam(f"all_{i}", type_=BigInteger)]))
    if has_none:
        query = query.where(~_has_tag(_ids("none_ids")))
    if has_viewer:
        query = query.where(~cond.hidden_accounts(VIEWER, [statuses.c.account_id], NOW))
    return _merged([apply_bound(query, status_tags.c.status_id, shape)], shape)


async def tag_page(
    session: AsyncSession,
    viewer_id: int | None,
    any_of: Sequence[int],
    all_of: Sequence[int],
    none_of: Sequence[int],
    page: PageRequest,
    now: datetime,
) -> list[Status]:
    """Public statuses carrying any tag of ``any_of``, every tag of ``all_of`` and none of
    ``none_of``: a range of the (tag_id, status_id) index."""
    params = _params(page, viewer_id, now)
    params.update({"any_ids": list(any_of), "none_ids": list(none_of)})
    params.update({f"all_{i}": tag_id for i, tag_id in enumerate(all_of)})
    statement = _tag_statement(page.shape, viewer_id is not None, len(all_of), bool(none_of))
    return await _run(session, statement, params, page)


@dataclass(frozen=True)
class AccountFilter:
    """What ``GET /api/v1/accounts/:id/statuses`` asks for, and what the viewer may see."""

    author_id: int
    viewer_id: int | None
    visibilities: tuple[str, ...]  # visible to anyone who may see this author's posts
    exclude_replies: bool = False
    exclude_reblogs: bool = False
    pinned: bool = False
    tag_id: int | None = None


@lru_cache(maxsize=512)
def _account_statement(shape: Shape, options: tuple[bool, ...]) -> Select[Any]:
    is_author, has_viewer, exclude_replies, exclude_reblogs, pinned, tagged = options
    author = bindparam("author_id", type_=BigInteger)
    query = select(statuses.c.id.label("id")).select_from(_with_originals(statuses))
    query = query.where(statuses.c.account_id == author)
    if not is_author:
        allowed = statuses.c.visibility.in_(bindparam("visibilities", type_=String, expanding=True))
        query = query.where(
            or_(allowed, cond.mentions(VIEWER, statuses.c.id)) if has_viewer else allowed
        )
    if exclude_replies:
        query = query.where(cond.not_reply_to_others(statuses))
    if exclude_reblogs:
        query = query.where(statuses.c.reblog_of_id.is_(None))
    elif has_viewer:
        # Reblogs of statuses by accounts the viewer mutes or blocks stay hidden.
        hidden = cond.hidden_accounts(VIEWER, [originals.c.account_id], NOW)
        query = query.where(or_(statuses.c.reblog_of_id.is_(None), ~hidden))
    if pinned:
        pin = (StatusPin.account_id == author) & (StatusPin.status_id == statuses.c.id)
        query = query.where(exists().where(pin))
    if tagged:
        tag = bindparam("tag_id", type_=BigInteger)
        query = query.where(
            exists().where(StatusTag.status_id == statuses.c.id, StatusTag.tag_id == tag)
        )
    return _merged([apply_bound(query, statuses.c.id, shape)], shape)


async def account_page(
    session: AsyncSession, f: AccountFilter, page: PageRequest, now: datetime
) -> list[Status]:
    """One author's statuses the viewer may see: a range of the (account_id, id) index."""
    options = (
        f.viewer_id == f.author_id,
        f.viewer_id is not None,
        f.exclude_replies,
        f.exclude_reblogs,
        f.pinned,
        f.tag_id is not None,
    )
    params = _params(page, f.viewer_id, now)
    params.update(author_id=f.author_id, visibilities=list(f.visibilities), tag_id=f.tag_id)
    return await _run(session, _account_statement(page.shape, options), params, page)


@lru_cache(maxsize=32)
def _marked_statement(shape: Shape, model: Any) -> Select[Any]:
    query = (
        select(model.id, Status)
        .join(Status, Status.id == model.status_id)
        .where(model.account_id == VIEWER, cond.visible_to(VIEWER, statuses))
    )
    return apply_bound(query, model.id, shape)


async def marked_page(
    session: AsyncSession, model: Any, viewer_id: int, page: PageRequest
) -> list[tuple[int, Status]]:
    """The viewer's bookmarks or favourites (``model``) as (row id, status), paged on the row id.

    Statuses the viewer may no longer see (a private post after an unfollow, a post by an
    account that now blocks them) are left out.
    """
    params = {**page.bind_values(), "viewer_id": viewer_id}
    rows = (await session.execute(_marked_statement(page.shape, model), params)).all()
    return [(row_id, status) for row_id, status in page.finish(rows)]
