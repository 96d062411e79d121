"""The rules for writing, deleting and rating notes. Never commits."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.models import Account, Note, NoteRating, Status
from townsquare.models.base import utcnow
from townsquare.notes import policy, repository
from townsquare.notes.constants import (
    CLASSIFICATIONS,
    HELPFUL,
    HELPFUL_TAGS,
    HELPFULNESS_VALUES,
    MAX_SOURCES,
    MISLEADING,
    NOT_HELPFUL,
    NOT_HELPFUL_TAGS,
    NOTE_MAX_CHARACTERS,
    REASONS,
)
from townsquare.settings import Settings

URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
PUBLIC = frozenset({"public", "unlisted"})


@dataclass
class NoteDraft:
    classification: str
    reasons: list[str]
    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class RatingDraft:
    helpfulness: str
    helpful_tags: list[str] = field(default_factory=list)
    not_helpful_tags: list[str] = field(default_factory=list)


def _one_of(name: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        choices = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
        raise Unprocessable(f"Validation failed: {name} must be {choices}")


def _subset(name: str, values: list[str], allowed: tuple[str, ...]) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise Unprocessable(
            f"Validation failed: {name} contains {unknown[0]!r}; allowed: {', '.join(allowed)}"
        )
    return list(dict.fromkeys(values))


def _sources(draft: NoteDraft) -> list[str]:
    """The draft's source URLs, and any URL written in the text, without repeats."""
    for source in draft.sources:
        if not URL.fullmatch(source.strip()):
            raise Unprocessable(f"Validation failed: source {source!r} is not an http(s) URL")
    found = [s.strip() for s in draft.sources] + URL.findall(draft.text)
    sources = list(dict.fromkeys(found))
    if len(sources) > MAX_SOURCES:
        raise Unprocessable(f"Validation failed: a note can cite at most {MAX_SOURCES} sources")
    return sources


def validate_note(draft: NoteDraft) -> NoteDraft:
    """The published writing form's rules; 422 naming the field otherwise."""
    _one_of("classification", draft.classification, CLASSIFICATIONS)
    reasons = _subset("reasons", draft.reasons, REASONS[draft.classification])
    if not reasons:
        raise Unprocessable("Validation failed: reasons must name at least one reason")
    text = draft.text.strip()
    if not text:
        raise Unprocessable("Validation failed: text can't be blank")
    if len(text) > NOTE_MAX_CHARACTERS:
        raise Unprocessable(
            f"Validation failed: text is too long (maximum is {NOTE_MAX_CHARACTERS} characters)"
        )
    sources = _sources(NoteDraft(draft.classification, reasons, text, draft.sources))
    if draft.classification == MISLEADING and not sources:
        raise Unprocessable(
            "Validation failed: a note that calls a post misleading needs at least one source URL"
        )
    return NoteDraft(draft.classification, reasons, text, sources)


async def write(
    session: AsyncSession, settings: Settings, author: Account, status: Status, draft: NoteDraft
) -> Note:
    """Add ``author``'s note to a public status (``status`` is already the original)."""
    await policy.ensure_may_contribute(session, settings, author)
    if status.visibility not in PUBLIC:
        raise Unprocessable("Community notes can only be written on public posts")
    clean = validate_note(draft)
    if await repository.by_author_on_status(session, author.id, status.id) is not None:
        raise Unprocessable("You have already written a note on this post")
    note = Note(
        status_id=status.id,
        account_id=author.id,
        classification=clean.classification,
        reasons=clean.reasons,
        text=clean.text,
        sources=clean.sources,
        status="needs_more_ratings",
        ratings_count=0,
    )
    session.add(note)
    await session.flush()
    return note


async def find(session: AsyncSession, note_id: int) -> Note:
    note = await repository.get(session, note_id)
    if note is None:
        raise NotFound()
    return note


async def delete(session: AsyncSession, account: Account, note: Note) -> None:
    policy.ensure_may_delete(account, note)
    await repository.delete_note(session, note)


def validate_rating(draft: RatingDraft) -> RatingDraft:
    """Helpful tags go with helpful or somewhat helpful, not-helpful tags with not helpful or
    somewhat helpful, as on the published rating form."""
    _one_of("helpfulness", draft.helpfulness, tuple(HELPFULNESS_VALUES))
    helpful = _subset("helpful_tags", draft.helpful_tags, HELPFUL_TAGS)
    unhelpful = _subset("not_helpful_tags", draft.not_helpful_tags, NOT_HELPFUL_TAGS)
    if helpful and draft.helpfulness == NOT_HELPFUL:
        raise Unprocessable("Validation failed: helpful_tags do not go with a not_helpful rating")
    if unhelpful and draft.helpfulness == HELPFUL:
        raise Unprocessable("Validation failed: not_helpful_tags do not go with a helpful rating")
    return RatingDraft(draft.helpfulness, helpful, unhelpful)


async def rate(
    session: AsyncSession, settings: Settings, rater: Account, note: Note, draft: RatingDraft
) -> NoteRating:
    """Record ``rater``'s rating of ``note``, replacing their earlier one if any."""
    await policy.ensure_may_contribute(session, settings, rater)
    policy.ensure_may_rate(rater, note)
    clean = validate_rating(draft)
    row = await repository.rating(session, note.id, rater.id)
    if row is None:
        row = NoteRating(note_id=note.id, account_id=rater.id)
        session.add(row)
    row.helpfulness = clean.helpfulness
    row.value = HELPFULNESS_VALUES[clean.helpfulness]
    row.helpful_tags = clean.helpful_tags
    row.not_helpful_tags = clean.not_helpful_tags
    row.updated_at = utcnow()
    await session.flush()
    return row


async def unrate(session: AsyncSession, rater: Account, note: Note) -> None:
    row = await repository.rating(session, note.id, rater.id)
    if row is None:
        raise NotFound("You have not rated this note")
    await repository.delete_rating(session, row)
