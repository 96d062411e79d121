"""Filters v2: a reader's own filter groups, their keywords and statuses (rules, no I/O
of their own: queries live in ``repository``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.filters import repository as repo
from townsquare.filters.context import CONTEXTS
from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account, Filter, FilterKeyword, FilterStatus, Status
from townsquare.models.base import utcnow
from townsquare.oauth.viewer_facts import forget_viewer_facts
from townsquare.statuses import policy as status_policy

ACTIONS = ("warn", "hide", "blur")
MAX_FILTERS = 300
MAX_KEYWORDS = 300
MAX_TITLE = 200
MAX_KEYWORD = 200
MAX_EXPIRES_IN = 10 * 365 * 24 * 3600


@dataclass(frozen=True)
class KeywordChange:
    """One entry of ``keywords_attributes``: a new keyword, an edit, or a removal."""

    id: int | None = None
    keyword: str | None = None
    whole_word: bool | None = None
    destroy: bool = False


@dataclass(frozen=True)
class FilterChanges:
    """A filter's fields (``None``: unchanged); ``clear_expiry`` makes it never expire."""

    title: str | None = None
    contexts: list[str] | None = None
    action: str | None = None
    expires_in: int | None = None
    clear_expiry: bool = False
    keywords: list[KeywordChange] = field(default_factory=list)


def _validate(changes: FilterChanges, creating: bool) -> None:
    problems = []
    if (creating or changes.title is not None) and not (changes.title or "").strip():
        problems.append("Title can't be blank")
    if creating or changes.contexts is not None:
        contexts = changes.contexts or []
        if not contexts:
            problems.append("Context can't be blank")
        if any(c not in CONTEXTS for c in contexts) or not contexts:
            problems.append("Context None or invalid context supplied")
    if problems:
        raise Unprocessable("Validation failed: " + ", ".join(problems))
    if changes.action is not None and changes.action not in ACTIONS:
        raise Unprocessable("Validation failed: Filter action is not one of warn, hide, blur")
    if changes.expires_in is not None and not 1 <= changes.expires_in <= MAX_EXPIRES_IN:
        raise Unprocessable(f"Validation failed: expires_in must be between 1 and {MAX_EXPIRES_IN}")


def _assign(target: Filter, changes: FilterChanges) -> None:
    if changes.title is not None:
        target.title = changes.title.strip()
    if changes.contexts is not None:
        target.contexts = list(dict.fromkeys(changes.contexts))
    if changes.action is not None:
        target.action = changes.action
    if changes.clear_expiry:
        target.expires_at = None
    elif changes.expires_in is not None:
        target.expires_at = utcnow() + timedelta(seconds=changes.expires_in)


async def create(session: AsyncSession, viewer: Account, changes: FilterChanges) -> Filter:
    _validate(changes, creating=True)
    if len(await repo.filters_of(session, viewer.id)) >= MAX_FILTERS:
        raise Unprocessable(f"Validation failed: you can have at most {MAX_FILTERS} filters")
    if any(change.id is not None for change in changes.keywords):
        raise NotFound()  # as Mastodon: a new filter has no keywords to name
    created = Filter(account_id=viewer.id, title="", contexts=[], action="warn")
    _assign(created, changes)
    session.add(created)
    forget_viewer_facts()  # "has no filters", read with the token, is no longer true
    await session.flush()
    await _apply_keywords(session, created, [k for k in changes.keywords if not k.destroy])
    return created


async def find(session: AsyncSession, viewer: Account, filter_id: int) -> Filter:
    found = await repo.get_own(session, viewer.id, filter_id)
    if found is None:
        raise NotFound()
    return found


async def update(
    session: AsyncSession, viewer: Account, filter_id: int, changes: FilterChanges
) -> Filter:
    target = await find(session, viewer, filter_id)
    _validate(changes, creating=False)
    _assign(target, changes)
    await _apply_keywords(session, target, changes.keywords)
    return target


async def _apply_keywords(
    session: AsyncSession, target: Filter, changes: list[KeywordChange]
) -> None:
    existing = {k.id: k for k in (await repo.keywords_of(session, [target.id]))[target.id]}
    for change in changes:
        if change.id is None:
            session.add(_new_keyword(target.id, change.keyword, change.whole_word))
            continue
        keyword = existing.get(change.id)
        if keyword is None:
            raise NotFound()
        if change.destroy:
            await repo.delete_keyword(session, keyword.id)
        else:
            _edit_keyword(keyword, change.keyword, change.whole_word)
    await session.flush()
    if len((await repo.keywords_of(session, [target.id]))[target.id]) > MAX_KEYWORDS:
        raise Unprocessable(f"Validation failed: a filter has at most {MAX_KEYWORDS} keywords")


def _clean_keyword(keyword: str | None) -> str:
    text = (keyword or "").strip()
    if not text:
        raise Unprocessable("Validation failed: Keyword can't be blank")
    if len(text) > MAX_KEYWORD:
        raise Unprocessable(
            f"Validation failed: Keyword is too long (maximum is {MAX_KEYWORD} characters)"
        )
    return text


def _new_keyword(filter_id: int, keyword: str | None, whole_word: bool | None) -> FilterKeyword:
    return FilterKeyword(
        filter_id=filter_id,
        keyword=_clean_keyword(keyword),
        whole_word=True if whole_word is None else whole_word,
    )


def _edit_keyword(keyword: FilterKeyword, text: str | None, whole_word: bool | None) -> None:
    if text is not None:
        keyword.keyword = _clean_keyword(text)
    if whole_word is not None:
        keyword.whole_word = whole_word


async def delete(session: AsyncSession, viewer: Account, filter_id: int) -> None:
    await find(session, viewer, filter_id)
    await repo.delete_filter(session, filter_id)


async def add_keyword(
    session: AsyncSession, viewer: Account, filter_id: int, keyword: str | None, whole_word: bool
) -> FilterKeyword:
    target = await find(session, viewer, filter_id)
    if len((await repo.keywords_of(session, [target.id]))[target.id]) >= MAX_KEYWORDS:
        raise Unprocessable(f"Validation failed: a filter has at most {MAX_KEYWORDS} keywords")
    created = _new_keyword(target.id, keyword, whole_word)
    session.add(created)
    await session.flush()
    return created


async def find_keyword(session: AsyncSession, viewer: Account, keyword_id: int) -> FilterKeyword:
    found = await repo.keyword_with_filter(session, viewer.id, keyword_id)
    if found is None:
        raise NotFound()
    return found


async def update_keyword(
    session: AsyncSession,
    viewer: Account,
    keyword_id: int,
    keyword: str | None,
    whole_word: bool | None,
) -> FilterKeyword:
    found = await find_keyword(session, viewer, keyword_id)
    _edit_keyword(found, keyword, whole_word)
    return found


async def delete_keyword(session: AsyncSession, viewer: Account, keyword_id: int) -> None:
    await find_keyword(session, viewer, keyword_id)
    await repo.delete_keyword(session, keyword_id)


async def add_status(
    session: AsyncSession, viewer: Account, filter_id: int, status_id: int
) -> FilterStatus:
    target = await find(session, viewer, filter_id)
    status = await session.get(Status, status_id)
    if status is None or not await status_policy.can_view(session, viewer, status):
        raise NotFound()
    if await repo.status_already_filtered(session, target.id, status_id):
        raise Unprocessable("Validation failed: Status has already been taken")
    created = FilterStatus(filter_id=target.id, status_id=status_id)
    session.add(created)
    await session.flush()
    return created


async def find_status(
    session: AsyncSession, viewer: Account, filter_status_id: int
) -> FilterStatus:
    found = await repo.status_with_filter(session, viewer.id, filter_status_id)
    if found is None:
        raise NotFound()
    return found


async def delete_status(session: AsyncSession, viewer: Account, filter_status_id: int) -> None:
    await find_status(session, viewer, filter_status_id)
    await repo.delete_status(session, filter_status_id)
