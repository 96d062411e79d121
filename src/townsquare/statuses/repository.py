"""Queries about statuses: batch loads for rendering, visibility, threads and interactions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Select,
    bindparam,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.paging import PageRequest
from townsquare.kit.prepared import Prepared, models_by_id
from townsquare.kit.sql import id_rows, in_ids
from townsquare.models import (
    Account,
    Block,
    Bookmark,
    ConversationMute,
    Favourite,
    Follow,
    IdempotencyKey,
    Mention,
    Mute,
    OAuthApp,
    Status,
    StatusEdit,
    StatusPin,
    StatusTag,
    Tag,
)
from townsquare.models.base import utcnow


async def get(session: AsyncSession, status_id: int) -> Status | None:
    return await session.get(Status, status_id)


_BY_IDS = select(Status).where(in_ids(Status.id, "ids"))
_READ_BY_IDS = Prepared(_BY_IDS)


async def get_many(session: AsyncSession, ids: Iterable[int]) -> dict[int, Status]:
    """Statuses by id, one query, in the session (changes to them are saved)."""
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(_BY_IDS, {"ids": wanted})
    return {s.id: s for s in rows.scalars()}


async def read_many(session: AsyncSession, ids: Iterable[int]) -> dict[int, Status]:
    """Statuses by id, one query, as detached read-only copies (``kit.prepared``): for
    rendering, several times cheaper than ``get_many``; nothing written to them is saved."""
    return await models_by_id(session, _READ_BY_IDS, Status, ids)


async def mentions_for(session: AsyncSession, ids: Iterable[int]) -> dict[int, list[Account]]:
    """Mentioned accounts per status id."""
    wanted = set(ids)
    result: dict[int, list[Account]] = defaultdict(list)
    if not wanted:
        return result
    rows = await session.execute(
        select(Mention.status_id, Account)
        .join(Account, Account.id == Mention.account_id)
        .where(Mention.status_id.in_(wanted))
        .order_by(Mention.status_id, Account.id)
    )
    for status_id, account in rows:
        result[status_id].append(account)
    return result


@dataclass
class StatusLinks:
    """The accounts each status mentions and the hashtags it carries (display names)."""

    mention_ids: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    tags: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))


LINK_KINDS = ("m", "t")  # a mention, a hashtag


def link_selects() -> list[Any]:
    """The mentions and hashtags of the statuses bound to ``ids``, as rows of (kind,
    status_id, ref, name, display): kind ``m`` (ref the account) or ``t`` (ref the tag).
    A page's rendering runs them with its other probes in one statement."""
    mentions = select(
        literal("m").label("kind"),
        Mention.status_id,
        Mention.account_id.label("ref"),
        literal("").label("name"),
        literal("").label("display"),
    ).where(in_ids(Mention.status_id, "ids"))
    tags = (
        select(literal("t"), StatusTag.status_id, StatusTag.tag_id, Tag.name, Tag.display_name)
        .join(Tag, Tag.id == StatusTag.tag_id)
        .where(in_ids(StatusTag.status_id, "ids"))
    )
    return [mentions, tags]


def collect_links(rows: Iterable[Sequence[Any]]) -> StatusLinks:
    """``StatusLinks`` from rows of ``link_selects`` in (status_id, ref) order; rows of
    other kinds are skipped."""
    links = StatusLinks()
    for kind, status_id, ref, name, display in rows:
        if kind == "m":
            links.mention_ids[status_id].append(ref)
        elif kind == "t":
            links.tags[status_id].append((name, display))
    return links


@dataclass
class ViewerFlags:
    """Which statuses of a batch the viewer has favourited, reblogged, bookmarked, pinned,
    and whose thread the viewer muted."""

    favourited: set[int] = field(default_factory=set)
    reblogged: set[int] = field(default_factory=set)
    bookmarked: set[int] = field(default_factory=set)
    pinned: set[int] = field(default_factory=set)
    muted: set[int] = field(default_factory=set)  # the viewer muted the status's thread

    def in_order(self) -> tuple[set[int], ...]:
        """The sets in the order of the flags statement's columns."""
        return (self.favourited, self.bookmarked, self.pinned, self.reblogged, self.muted)


@lru_cache(maxsize=2)
def _flags_statement(dialect: str) -> Any:
    """One row per id with a column per flag (1 or NULL), each a probe of a unique index.

    Correlated subqueries rather than ``IN`` lists: PostgreSQL's cached generic plan for
    ``account_id = :viewer AND status_id IN (...)`` read all of the viewer's likes and
    filtered them (17 ms for someone with 30,000 likes, against 0.1 ms probed).
    """
    viewer: Any = bindparam("viewer", type_=BigInteger)
    ids = id_rows("ids", dialect)

    def probe(model: Any, column: Any) -> Any:
        found = select(literal(1)).where(model.account_id == viewer, column == ids.c.value)
        return found.limit(1).scalar_subquery()

    thread = func.coalesce(Status.conversation_id, Status.id)
    thread_muted = (
        select(literal(1))
        .select_from(Status)
        .join(
            ConversationMute,
            (ConversationMute.account_id == viewer) & (ConversationMute.conversation_id == thread),
        )
        .where(Status.id == ids.c.value)
        .limit(1)
        .scalar_subquery()
    )
    return select(
        ids.c.value,
        probe(Favourite, Favourite.status_id),
        probe(Bookmark, Bookmark.status_id),
        probe(StatusPin, StatusPin.status_id),
        probe(Status, Status.reblog_of_id),
        thread_muted,
    ).select_from(ids)


FLAGS_KIND = "f"


def flags_select(dialect: str) -> Any:
    """The flags of the viewer bound to ``viewer`` on the statuses bound to ``ids``, as
    link-shaped rows (see ``link_selects``): kind ``f``, the status, and a bit per flag in
    ``ViewerFlags.in_order`` for ref; only statuses with a flag set."""
    flags = _flags_statement(dialect).subquery()
    status_id, *found = list(flags.c)
    mask: Any = literal(0)
    for bit, flag in enumerate(found):
        mask = mask + func.coalesce(flag, 0) * (1 << bit)
    mask = cast(mask, BigInteger)
    return select(literal(FLAGS_KIND), status_id, mask, literal(""), literal("")).where(mask > 0)


def collect_flags(rows: Iterable[Sequence[Any]]) -> ViewerFlags:
    """``ViewerFlags`` from the rows of ``flags_select``; rows of other kinds are skipped."""
    flags = ViewerFlags()
    kinds = flags.in_order()
    for kind, status_id, mask, *_ in rows:
        if kind == FLAGS_KIND:
            for bit, found in enumerate(kinds):
                if mask & (1 << bit):
                    found.add(int(status_id))
    return flags


async def pinned_ids(session: AsyncSession, viewer_id: int, ids: Iterable[int]) -> set[int]:
    """Which of ``ids`` the viewer has pinned."""
    wanted = set(ids)
    if not wanted:
        return set()
    rows = await session.execute(
        select(StatusPin.status_id).where(
            StatusPin.account_id == viewer_id, StatusPin.status_id.in_(wanted)
        )
    )
    return set(rows.scalars())


# Applications cannot be edited through the API, so their names are safe to keep.
_app_cache: dict[int, tuple[str, str | None]] = {}


async def app_names(
    session: AsyncSession, app_ids: Iterable[int]
) -> dict[int, tuple[str, str | None]]:
    """(name, website) of applications, cached in the process."""
    wanted = set(app_ids)
    missing = wanted - _app_cache.keys()
    if missing:
        rows = await session.execute(
            select(OAuthApp.id, OAuthApp.name, OAuthApp.website).where(OAuthApp.id.in_(missing))
        )
        for app_id, name, website in rows:
            if len(_app_cache) > 10_000:
                _app_cache.clear()
            _app_cache[app_id] = (name, website)
    return {i: _app_cache[i] for i in wanted if i in _app_cache}


# -- Visibility: who a viewer follows, blocks, mutes, among a batch of authors. --


async def mentioned_among(session: AsyncSession, account_id: int, ids: Iterable[int]) -> set[int]:
    """Which of the statuses ``ids`` mention ``account_id``."""
    wanted = set(ids)
    if not wanted:
        return set()
    rows = await session.execute(
        select(Mention.status_id).where(
            Mention.account_id == account_id, Mention.status_id.in_(wanted)
        )
    )
    return set(rows.scalars())


async def blocked_either_way_among(
    session: AsyncSession, viewer_id: int, account_ids: Iterable[int]
) -> set[int]:
    """Which of ``account_ids`` the viewer blocks or is blocked by."""
    wanted = set(account_ids) - {viewer_id}
    if not wanted:
        return set()
    rows = await session.execute(
        union(
            select(Block.target_account_id).where(
                Block.account_id == viewer_id, Block.target_account_id.in_(wanted)
            ),
            select(Block.account_id).where(
                Block.target_account_id == viewer_id, Block.account_id.in_(wanted)
            ),
        )
    )
    return set(rows.scalars())


async def muted_among(
    session: AsyncSession, viewer_id: int, account_ids: Iterable[int]
) -> set[int]:
    """Which of ``account_ids`` the viewer mutes (unexpired mutes only)."""
    wanted = set(account_ids) - {viewer_id}
    if not wanted:
        return set()
    rows = await session.execute(
        select(Mute.target_account_id).where(
            Mute.account_id == viewer_id,
            Mute.target_account_id.in_(wanted),
            or_(Mute.expires_at.is_(None), Mute.expires_at > utcnow()),
        )
    )
    return set(rows.scalars())


# -- Threads. Recursive CTEs: one query per direction, whatever the depth. --


async def ancestor_ids(session: AsyncSession, parent_id: int, limit: int) -> list[int]:
    """Ids of ``parent_id`` and the statuses above it, nearest first, at most ``limit``."""
    chain = (
        select(Status.id, Status.in_reply_to_id, literal(1).label("depth"))
        .where(Status.id == parent_id)
        .cte("ancestors", recursive=True)
    )
    chain = chain.union_all(
        select(Status.id, Status.in_reply_to_id, (chain.c.depth + 1).label("depth"))
        .join(chain, Status.id == chain.c.in_reply_to_id)
        .where(chain.c.depth < limit)
    )
    rows = await session.execute(select(chain.c.id).order_by(chain.c.depth).limit(limit))
    return list(rows.scalars())


async def descendant_links(
    session: AsyncSession, status_id: int, limit: int
) -> list[tuple[int, int]]:
    """``(id, in_reply_to_id)`` of replies below ``status_id``, at most ``limit`` of them.

    Reply ids are always larger than their parent's, so the walk cannot loop; the outer
    LIMIT stops the recursion early on both databases.
    """
    tree = (
        select(Status.id, Status.in_reply_to_id)
        .where(Status.in_reply_to_id == status_id)
        .cte("descendants", recursive=True)
    )
    tree = tree.union_all(
        select(Status.id, Status.in_reply_to_id).join(tree, Status.in_reply_to_id == tree.c.id)
    )
    rows = await session.execute(select(tree.c.id, tree.c.in_reply_to_id).limit(limit))
    return [(row[0], row[1]) for row in rows]


# -- Interactions. --


async def reblog_of(session: AsyncSession, account_id: int, status_id: int) -> Status | None:
    """The account's reblog of ``status_id``, if any."""
    return (
        await session.execute(
            select(Status).where(Status.account_id == account_id, Status.reblog_of_id == status_id)
        )
    ).scalar_one_or_none()


async def reblogger_ids(session: AsyncSession, status_id: int) -> list[int]:
    rows = await session.execute(
        select(Status.account_id).where(Status.reblog_of_id == status_id).order_by(Status.id)
    )
    return list(rows.scalars())


def _keyed_accounts(key: Any, account_column: Any) -> Select[Any]:
    """``(paging key, account)`` rows, leaving out suspended accounts."""
    return (
        select(key, Account)
        .join(Account, Account.id == account_column)
        .where(Account.suspended_at.is_(None))
    )


async def reblogs_page(
    session: AsyncSession, status_id: int, page: PageRequest
) -> list[tuple[int, Account]]:
    """``(reblog id, account)`` of who reblogged ``status_id``, newest first."""
    query = _keyed_accounts(Status.id, Status.account_id).where(Status.reblog_of_id == status_id)
    rows = await session.execute(page.apply(query, Status.id))
    return [(row[0], row[1]) for row in page.finish(rows.all())]


async def favourites_page(
    session: AsyncSession, status_id: int, page: PageRequest
) -> list[tuple[int, Account]]:
    """``(favourite id, account)`` of who favourited ``status_id``, newest first."""
    query = _keyed_accounts(Favourite.id, Favourite.account_id).where(
        Favourite.status_id == status_id
    )
    rows = await session.execute(page.apply(query, Favourite.id))
    return [(row[0], row[1]) for row in page.finish(rows.all())]


async def pin_count(session: AsyncSession, account_id: int) -> int:
    found = await session.execute(
        select(func.count()).select_from(StatusPin).where(StatusPin.account_id == account_id)
    )
    return int(found.scalar_one())


async def edits_for(session: AsyncSession, status_id: int) -> list[StatusEdit]:
    """A status's recorded versions, oldest first."""
    rows = await session.execute(
        select(StatusEdit).where(StatusEdit.status_id == status_id).order_by(StatusEdit.id)
    )
    return list(rows.scalars())


async def has_edits(session: AsyncSession, status_id: int) -> bool:
    found = await session.execute(select(exists().where(StatusEdit.status_id == status_id)))
    return bool(found.scalar())


async def idempotent_status_id(session: AsyncSession, account_id: int, key: str) -> int | None:
    """The status an earlier request with this ``Idempotency-Key`` created, if any."""
    return (
        await session.execute(
            select(IdempotencyKey.status_id).where(
                IdempotencyKey.account_id == account_id, IdempotencyKey.key == key
            )
        )
    ).scalar_one_or_none()


_NOTIFIED_FOLLOWERS = Prepared(
    select(Follow.account_id).where(
        Follow.target_account_id == bindparam("author_id"), Follow.notify == true()
    )
)


async def followers_wanting_notifications(session: AsyncSession, author_id: int) -> list[int]:
    """Followers who asked to be notified of the author's posts (``notify=true``)."""
    rows = await _NOTIFIED_FOLLOWERS.rows(session, {"author_id": author_id})
    return [row[0] for row in rows]


async def conversation_muted(session: AsyncSession, account_id: int, status_id: int) -> bool:
    """Whether the account muted the thread ``status_id`` belongs to."""
    thread = select(func.coalesce(Status.conversation_id, Status.id)).where(Status.id == status_id)
    found = await session.execute(
        select(
            exists().where(
                ConversationMute.account_id == account_id,
                ConversationMute.conversation_id == thread.scalar_subquery(),
            )
        )
    )
    return bool(found.scalar())
