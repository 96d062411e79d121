"""The Status entity, rendered in batches: a fixed number of queries, whatever the page size.

Feature packages add fields (a poll, labels, notes) by registering an extension with
``register_status_extension``; the core never needs to know about them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import BigInteger, Select, cast, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.api.mastodon.entities.account import render_account
from townsquare.kit.content_cache import ContentCache, row_content
from townsquare.kit.json import iso
from townsquare.kit.prepared import Prepared
from townsquare.kit.sql import dialect_name
from townsquare.models import Account, Status
from townsquare.settings import Settings
from townsquare.statuses import repository as statuses_repo
from townsquare.statuses.repository import StatusLinks, ViewerFlags


@dataclass
class StatusBatch:
    """Everything needed to render a set of statuses, loaded up front."""

    statuses: dict[int, Status]
    accounts: dict[int, Account]
    links: StatusLinks
    apps: dict[int, tuple[str, str | None]]
    flags: ViewerFlags
    # What the probes found (see ``register_status_probe``): ids by kind.
    found: dict[str, set[int]]
    # Statuses an extension leaves out of lists (removed by moderation, a reader's "hide").
    hidden: set[int] = field(default_factory=set)
    _account_entities: dict[int, dict[str, Any]] = field(default_factory=dict)

    def found_among(self, kind: str, ids: Iterable[int]) -> list[int]:
        """Those of ``ids`` the probe of ``kind`` found something for: an extension
        queries only these, and not at all if none."""
        found = self.found.get(kind, set())
        return [i for i in ids if i in found]

    def account_entity(self, account: Account, settings: Settings) -> dict[str, Any]:
        """The Account entity, rendered once per batch however many statuses share it."""
        entity = self._account_entities.get(account.id)
        if entity is None:
            entity = self._account_entities[account.id] = render_account(account, settings)
        return entity


Extension = Callable[
    [AsyncSession, Account | None, StatusBatch, dict[int, dict[str, Any]]], Awaitable[None]
]
_extensions: list[Extension] = []


def register_status_extension(extension: Extension) -> None:
    """Let a feature package add or change fields of every rendered status."""
    if extension not in _extensions:
        _extensions.append(extension)


# Most statuses carry no poll, removal, label or note, yet each extension asked about
# every page: a round trip each. The probes ask all of them at once.
_probes: dict[str, Any] = {}


def register_status_probe(kind: str, probe: Select[str, int]) -> None:
    """Let an extension learn which of a batch's ids it has something for.

    ``probe`` selects two columns, ``kind`` and an id, from the rows the extension reads,
    for the ids bound to ``status_ids`` and ``account_ids`` (``kit.sql.in_ids``). Every
    batch runs all probes as one statement; the extension then reads ``found_among``.
    """
    if kind in (*statuses_repo.LINK_KINDS, statuses_repo.FLAGS_KIND):
        raise ValueError(f"probe kind {kind!r} is taken by the page's links or flags")
    _probes[kind] = probe
    _page_facts_statement.cache_clear()


@lru_cache(maxsize=4)
def _page_facts_statement(dialect: str, with_flags: bool) -> Prepared:
    """The statuses' mentions and hashtags, the viewer's flags on them (``with_flags``) and
    every probe, in one statement: rows of (kind, id, ref, name, display); a probe's row
    has only a kind and an id."""
    selects: list[Any] = statuses_repo.link_selects()
    if with_flags:
        selects.append(statuses_repo.flags_select(dialect))
    if _probes:
        found = union_all(*_probes.values()).subquery()
        kind, found_id = list(found.c)
        no_ref = cast(null(), BigInteger)
        selects.append(select(kind, found_id, no_ref, literal(""), literal("")))
    return Prepared(union_all(*selects).order_by("status_id", "ref"))


@dataclass
class PageFacts:
    """What one statement tells about a batch's statuses (``_page_facts``)."""

    links: StatusLinks
    flags: ViewerFlags
    found: dict[str, set[int]]


async def _page_facts(
    session: AsyncSession, viewer: Account | None, status_ids: list[int], author_ids: list[int]
) -> PageFacts:
    """The statuses' links, the viewer's flags on them, and what each probe found among
    them and their authors (whose Account entities are the ones a page renders)."""
    found: dict[str, set[int]] = {kind: set() for kind in _probes}
    if not status_ids:
        return PageFacts(StatusLinks(), ViewerFlags(), found)
    params = {
        "ids": status_ids,
        "status_ids": status_ids,
        "account_ids": author_ids,
        "viewer": viewer.id if viewer is not None else None,
    }
    statement = _page_facts_statement(dialect_name(session), viewer is not None)
    rows = await statement.rows(session, params)
    for kind, found_id, *_ in rows:
        if kind in found:
            found[kind].add(found_id)
    return PageFacts(statuses_repo.collect_links(rows), statuses_repo.collect_flags(rows), found)


async def load_batch(
    session: AsyncSession, viewer: Account | None, statuses: Sequence[Status]
) -> StatusBatch:
    """Load reblogged originals; the links, the viewer's flags and what the extensions'
    probes find; the authors and mentioned accounts; and apps (kept in the process): four
    round trips at most, whatever the number of statuses, and usually two."""
    by_id = {s.id: s for s in statuses}
    missing = {s.reblog_of_id for s in statuses if s.reblog_of_id and s.reblog_of_id not in by_id}
    by_id.update(await statuses_repo.read_many(session, missing))
    ids = list(by_id)
    authors = {s.account_id for s in by_id.values()}
    facts = await _page_facts(session, viewer, ids, list(authors))
    mentioned = {a for accounts in facts.links.mention_ids.values() for a in accounts}
    return StatusBatch(
        statuses=by_id,
        accounts=await accounts_repo.read_many(session, authors | mentioned),
        links=facts.links,
        apps=await statuses_repo.app_names(
            session, {s.application_id for s in by_id.values() if s.application_id}
        ),
        flags=facts.flags,
        found=facts.found,
    )


def _mention(account_id: int, username: str, base: str) -> dict[str, str]:
    return {
        "id": str(account_id),
        "username": username,
        "url": f"{base}/@{username}",
        "acct": username,
    }


# What every reader sees of a status (all but the viewer's flags and what extensions add),
# rendered once per process for each version of the rows it comes from: the status, the
# usernames in its links, its mentions, tags and app (see kit.content_cache).
_shared_parts: ContentCache[dict[str, Any]] = ContentCache(max_entries=8192)


def _render_one(
    status: Status, batch: StatusBatch, settings: Settings, viewer: Account | None
) -> dict[str, Any]:
    account = batch.accounts[status.account_id]
    entity = dict(_shared_part(status, account, batch, settings))
    entity["account"] = batch.account_entity(account, settings)
    if viewer is not None:
        flags = batch.flags
        entity["favourited"] = status.id in flags.favourited
        entity["reblogged"] = status.id in flags.reblogged
        entity["muted"] = status.id in flags.muted
        entity["bookmarked"] = status.id in flags.bookmarked
        entity["pinned"] = status.id in flags.pinned if status.account_id == viewer.id else None
        entity["filtered"] = []
    return entity


def _shared_part(
    status: Status, account: Account, batch: StatusBatch, settings: Settings
) -> dict[str, Any]:
    """The viewer-independent fields, from the cache when these rows were rendered before."""
    mentioned = tuple(
        (i, batch.accounts[i].username)
        for i in batch.links.mention_ids.get(status.id, ())
        if i in batch.accounts
    )
    tags = tuple(batch.links.tags.get(status.id, ()))
    app = batch.apps.get(status.application_id) if status.application_id else None
    content = row_content(status)
    key = None
    if content is not None:
        key = (settings.base_url, content, account.username, mentioned, tags, app)
        cached = _shared_parts.get(key)
        if cached is not None:
            return cached
    part = _render_shared_part(status, account.username, mentioned, tags, app, settings)
    if key is not None:
        _shared_parts.put(key, part)
    return part


def _render_shared_part(
    status: Status,
    username: str,
    mentioned: tuple[tuple[int, str], ...],
    tags: tuple[tuple[str, str], ...],
    app: tuple[str, str | None] | None,
    settings: Settings,
) -> dict[str, Any]:
    base = settings.base_url
    return {
        "id": str(status.id),
        "uri": f"{base}/users/{username}/statuses/{status.id}",
        "url": f"{base}/@{username}/{status.id}",
        "created_at": iso(status.created_at),
        "edited_at": iso(status.edited_at),
        "account": None,  # the reader's own copy is set on each render
        "content": status.content,
        "visibility": status.visibility,
        "sensitive": status.sensitive,
        "spoiler_text": status.spoiler_text,
        "media_attachments": [],
        "application": {"name": app[0], "website": app[1]} if app else None,
        "mentions": [_mention(i, name, base) for i, name in mentioned],
        "tags": [{"name": display, "url": f"{base}/tags/{name}"} for name, display in tags],
        "emojis": [],
        "reblogs_count": status.reblogs_count,
        "favourites_count": status.favourites_count,
        "replies_count": status.replies_count,
        "in_reply_to_id": str(status.in_reply_to_id) if status.in_reply_to_id else None,
        "in_reply_to_account_id": (
            str(status.in_reply_to_account_id) if status.in_reply_to_account_id else None
        ),
        "reblog": None,
        "poll": None,
        "card": None,
        "language": status.language,
        "text": None,
    }


async def render_status_map(
    session: AsyncSession,
    viewer: Account | None,
    statuses: Sequence[Status],
    settings: Settings,
    *,
    keep_hidden: bool = False,
) -> dict[int, dict[str, Any]]:
    """Entities by status id; reblogs carry their original under ``reblog``. Statuses an
    extension hid (and reblogs of them) are left out unless ``keep_hidden``."""
    batch = await load_batch(session, viewer, statuses)
    return await _render_batch(session, viewer, batch, statuses, settings, keep_hidden)


async def _render_batch(
    session: AsyncSession,
    viewer: Account | None,
    batch: StatusBatch,
    statuses: Sequence[Status],
    settings: Settings,
    keep_hidden: bool,
) -> dict[int, dict[str, Any]]:
    rendered: dict[int, dict[str, Any]] = {}
    for status in batch.statuses.values():
        rendered[status.id] = _render_one(status, batch, settings, viewer)
    for extension in _extensions:
        await extension(session, viewer, batch, rendered)
    result = {}
    for status in statuses:
        if not keep_hidden and (status.id in batch.hidden or status.reblog_of_id in batch.hidden):
            continue
        entity = rendered[status.id]
        if status.reblog_of_id:
            original = rendered.get(status.reblog_of_id)
            entity["reblog"] = original
            if original is not None:
                # A reblog shows its original's viewer flags, as Mastodon does.
                for key in ("favourited", "reblogged", "bookmarked", "muted"):
                    if key in original:
                        entity[key] = original[key]
        result[status.id] = entity
    return result


async def render_statuses(
    session: AsyncSession,
    viewer: Account | None,
    statuses: Sequence[Status],
    settings: Settings,
) -> list[dict[str, Any]]:
    """Render statuses in order, leaving out hidden ones (a page may be shorter, as in Mastodon)."""
    shown = await render_status_map(session, viewer, statuses, settings)
    return [shown[s.id] for s in statuses if s.id in shown]


async def render_status(
    session: AsyncSession, viewer: Account | None, status: Status, settings: Settings
) -> dict[str, Any]:
    """One status, asked for by id: shown even when a reader's filter would hide it in lists."""
    shown = await render_status_map(session, viewer, [status], settings, keep_hidden=True)
    return shown[status.id]
