"""Posting, editing and deleting statuses, and finding one the viewer may act on.

Services never commit: the endpoint's transaction does, so a failure anywhere leaves
nothing half-written.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.accounts import repository as accounts_repo
from townsquare.ids import new_id
from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account, Status
from townsquare.models.base import utcnow
from townsquare.models.status import VISIBILITIES
from townsquare.notifications.service import notify
from townsquare.settings import Settings
from townsquare.statuses import attachments, formatting, policy, repository, writes
from townsquare.timelines import fanout

LANGUAGE_RE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,4})?$")
# Replies and posts in these visibilities count in public counters (replies_count,
# statuses_count), as in Mastodon; direct messages leave no public trace.
DISTRIBUTABLE = frozenset({"public", "unlisted"})


@dataclass(frozen=True)
class Draft:
    """What a client asked to post."""

    text: str
    spoiler_text: str = ""
    sensitive: bool = False
    visibility: str = "public"
    language: str | None = None
    in_reply_to_id: int | None = None
    idempotency_key: str | None = None
    application_id: int | None = None
    # Parsed parameters of feature packages (``statuses.attachments``), e.g. a poll.
    attachments: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Changes:
    """What a client asked to change in an edit; ``None`` keeps the current value."""

    text: str | None = None
    spoiler_text: str | None = None
    sensitive: bool | None = None
    language: str | None = None
    attachments: Mapping[str, Any] = field(default_factory=dict)


def check_visibility(visibility: str) -> str:
    if visibility not in VISIBILITIES:
        raise Unprocessable("Validation failed: Visibility is not included in the list")
    return visibility


def check_language(language: str | None) -> str | None:
    """An ISO 639 code such as ``en`` or ``pt-BR``; empty means none."""
    if not language:
        return None
    if not LANGUAGE_RE.match(language):
        raise Unprocessable("Validation failed: Language is not a valid ISO 639 code")
    return language


def check_text(settings: Settings, text: str, spoiler_text: str) -> None:
    """Mastodon's rules: text must not be blank; text and spoiler share the length limit."""
    if not text.strip():
        raise Unprocessable("Validation failed: Text can't be blank")
    limit = settings.max_characters
    if formatting.text_length(text) + formatting.text_length(spoiler_text) > limit:
        raise Unprocessable(f"Validation failed: Text character limit of {limit} exceeded")


async def find_visible(session: AsyncSession, viewer: Account | None, status_id: int) -> Status:
    """The status, if the viewer may see it (and, for a reblog, its original); else 404."""
    status = await repository.get(session, status_id)
    if status is None:
        raise NotFound()
    candidates = [status]
    if status.reblog_of_id is not None:
        original = await repository.get(session, status.reblog_of_id)
        if original is None:
            raise NotFound()
        candidates.append(original)
    visible = await policy.visible_ids(session, viewer, candidates)
    if any(s.id not in visible for s in candidates):
        raise NotFound()
    # Removed by moderation, or by a suspended account: 410 with the rule, never a silent 404.
    from townsquare.moderation.visibility import ensure_served

    await ensure_served(session, candidates)
    return status


async def find_target(session: AsyncSession, viewer: Account | None, status_id: int) -> Status:
    """Like ``find_visible``, but a reblog stands for its original (verbs act on the original)."""
    status = await find_visible(session, viewer, status_id)
    if status.reblog_of_id is not None:
        original = await repository.get(session, status.reblog_of_id)
        assert original is not None  # find_visible checked it
        return original
    return status


async def find_own(session: AsyncSession, viewer: Account, status_id: int) -> Status:
    """One of the viewer's own statuses; anyone else's is a 404, as in Mastodon."""
    status = await repository.get(session, status_id)
    if status is None or status.account_id != viewer.id:
        raise NotFound()
    return status


async def _mentionable(session: AsyncSession, settings: Settings, text: str) -> dict[str, Account]:
    names = formatting.mentioned_usernames(text, settings.domain)
    found = await accounts_repo.by_usernames(session, names)
    return {name: account for name, account in found.items() if account.suspended_at is None}


def _render(settings: Settings, text: str, accounts: dict[str, Account]) -> str:
    return formatting.render_html(
        text, base_url=settings.base_url, local_domain=settings.domain, accounts=accounts
    )


async def _save_tags(session: AsyncSession, status: Status) -> None:
    tag_ids = await writes.ensure_tags(session, formatting.hashtags(status.text))
    await writes.replace_tags(session, status.id, tag_ids.values())


@dataclass(frozen=True)
class Posted:
    """A status as ``post`` left it."""

    status: Status
    # False when an Idempotency-Key named an earlier post: nothing was written.
    new: bool = True


async def create(
    session: AsyncSession, settings: Settings, author: Account, draft: Draft
) -> Status:
    """Post a status: validate, store with mentions and tags, count, fan out and notify."""
    return (await post(session, settings, author, draft)).status


async def post(session: AsyncSession, settings: Settings, author: Account, draft: Draft) -> Posted:
    """``create``, saying also whether the status is new and what it mentions and tags."""
    if draft.idempotency_key:
        earlier = await _idempotent(session, author.id, draft.idempotency_key)
        if earlier is not None:
            return Posted(earlier, new=False)
    text = draft.text if draft.text.strip() else draft.spoiler_text
    check_text(settings, text, draft.spoiler_text)
    parent = None
    if draft.in_reply_to_id is not None:
        parent = await find_target(session, author, draft.in_reply_to_id)
    mentioned = await _mentionable(session, settings, text)
    status_id = new_id()
    status = await writes.insert_new_status(
        session,
        {
            "id": status_id,
            "account_id": author.id,
            "text": text,
            "content": _render(settings, text, mentioned),
            "spoiler_text": draft.spoiler_text,
            "sensitive": draft.sensitive or bool(draft.spoiler_text),
            "visibility": check_visibility(draft.visibility),
            "language": check_language(draft.language),
            "in_reply_to_id": parent.id if parent else None,
            "in_reply_to_account_id": parent.account_id if parent else None,
            "conversation_id": (parent.conversation_id or parent.id) if parent else status_id,
            "application_id": draft.application_id,
        },
    )
    if draft.idempotency_key:
        claimed = await writes.claim_idempotency_key(
            session, author.id, draft.idempotency_key, status.id
        )
        if not claimed:  # a concurrent retry won the race: return its status instead
            await writes.delete_status_row(session, status.id)
            earlier = await _idempotent(session, author.id, draft.idempotency_key)
            return Posted(earlier or status, new=False)
    others = tuple(a for a in mentioned.values() if a.id != author.id)
    tags = {name.lower(): name for name in formatting.hashtags(text)}
    await _after_create(session, settings, author, status, parent, others, tags)
    await attachments.on_create(session, settings, status, draft.attachments)
    await _count_new(session, status, parent)
    return Posted(status)


async def _count_new(session: AsyncSession, status: Status, parent: Status | None) -> None:
    """The counters a new status moves, written last: on PostgreSQL each UPDATE locks its
    row until the commit, and every other post by the same author (or reply to the same
    parent) waits for that lock meanwhile."""
    if status.visibility != "direct":
        await writes.count_new_post(session, status.account_id, status.created_at)
    if parent is not None and status.visibility in DISTRIBUTABLE:
        await writes.count_new_reply(session, parent.id)


async def _idempotent(session: AsyncSession, account_id: int, key: str) -> Status | None:
    status_id = await repository.idempotent_status_id(session, account_id, key)
    return await repository.get(session, status_id) if status_id is not None else None


async def _after_create(
    session: AsyncSession,
    settings: Settings,
    author: Account,
    status: Status,
    parent: Status | None,
    mentioned: tuple[Account, ...],
    tags: Mapping[str, str],
) -> None:
    mentioned_ids = [a.id for a in mentioned]
    await writes.link_new_status(session, status.id, mentioned_ids, tags)
    await fanout.fan_out(session, settings, status, author, mentioned_ids)
    await _notify_mentioned(session, status, mentioned_ids)
    if status.visibility != "direct" and status.in_reply_to_account_id in (None, author.id):
        for follower_id in await repository.followers_wanting_notifications(session, author.id):
            await notify(
                session,
                recipient_id=follower_id,
                from_account_id=author.id,
                type="status",
                status_id=status.id,
            )


async def _notify_mentioned(session: AsyncSession, status: Status, account_ids: list[int]) -> None:
    """A ``mention`` notification for each mentioned account that may see the status."""
    if not account_ids:
        return
    blocked = await repository.blocked_either_way_among(session, status.account_id, account_ids)
    for account_id in account_ids:
        if account_id not in blocked:
            await notify(
                session,
                recipient_id=account_id,
                from_account_id=status.account_id,
                type="mention",
                status_id=status.id,
            )


def _edited(settings: Settings, status: Status, changes: Changes) -> Changes:
    """The complete new version: changed fields validated, the rest as they were."""
    text = status.text if changes.text is None else changes.text
    spoiler = status.spoiler_text if changes.spoiler_text is None else changes.spoiler_text
    if not text.strip() and spoiler:
        text = spoiler
    check_text(settings, text, spoiler)
    sensitive = status.sensitive if changes.sensitive is None else changes.sensitive
    language = status.language if changes.language is None else check_language(changes.language)
    return Changes(text, spoiler, sensitive or bool(spoiler), language)


async def edit(
    session: AsyncSession, settings: Settings, author: Account, status: Status, changes: Changes
) -> Status:
    """Apply an edit, keeping the history (the original first), and tell who reblogged it."""
    if status.reblog_of_id is not None:
        raise NotFound()
    new = _edited(settings, status, changes)
    attached = await attachments.on_edit(session, settings, status, changes.attachments)
    if not attached and new == Changes(
        status.text, status.spoiler_text, status.sensitive, status.language
    ):
        return status
    now = utcnow()
    if not await repository.has_edits(session, status.id):
        writes.add_edit(session, status, at=status.created_at)
    earlier = await repository.mentions_for(session, [status.id])
    before = {account.id for account in earlier.get(status.id, [])}
    text = new.text or ""
    mentioned = await _mentionable(session, settings, text)
    status.text, status.spoiler_text, status.sensitive = (
        text,
        new.spoiler_text or "",
        bool(new.sensitive),
    )
    status.language, status.edited_at = new.language, now
    status.content = _render(settings, text, mentioned)
    writes.add_edit(session, status, at=now)
    mentioned_ids = [a.id for a in mentioned.values() if a.id != author.id]
    await writes.replace_mentions(session, status.id, mentioned_ids)
    await _save_tags(session, status)
    await session.flush()
    await _notify_mentioned(session, status, [i for i in mentioned_ids if i not in before])
    await _notify_rebloggers(session, status)
    return status


async def _notify_rebloggers(session: AsyncSession, status: Status) -> None:
    """An ``update`` notification to each account that reblogged an edited status."""
    for account_id in await repository.reblogger_ids(session, status.id):
        await notify(
            session,
            recipient_id=account_id,
            from_account_id=status.account_id,
            type="update",
            status_id=status.id,
        )


async def delete(session: AsyncSession, status: Status) -> None:
    """Delete a status (or a reblog), with its reblogs, timeline entries and counts."""
    if status.reblog_of_id is not None:
        await _withdraw_reblog(session, status, status.reblog_of_id)
    else:
        await writes.delete_reblogs_of(session, status.id)
        if status.in_reply_to_id is not None and status.visibility in DISTRIBUTABLE:
            await writes.adjust_status_counter(
                session, status.in_reply_to_id, Status.replies_count, -1
            )
    if status.visibility != "direct":
        await writes.adjust_statuses_count(session, status.account_id, -1)
    await fanout.remove_status(session, status)
    await writes.delete_status_row(session, status.id)
    session.expunge(status)


async def _withdraw_reblog(session: AsyncSession, reblog: Status, original_id: int) -> None:
    await writes.adjust_status_counter(session, original_id, Status.reblogs_count, -1)
    original = await repository.get(session, original_id)
    if original is not None:
        await writes.delete_notification(
            session,
            recipient_id=original.account_id,
            from_account_id=reblog.account_id,
            type="reblog",
            status_id=original_id,
        )
