"""JSON for community notes, ratings and rater scores, and the status entity's extension.

Note authors are not named, as in Community Notes (notes are judged on their content, and
writers are spared pile-ons); a viewer is told which notes are their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.api.mastodon.entities.status import StatusBatch
from townsquare.kit.json import iso
from townsquare.models import (
    Account,
    Note,
    NoteRaterScore,
    NoteRating,
    NoteScoringRun,
    NoteStatusChange,
)
from townsquare.notes import repository
from townsquare.notes.constants import MISLEADING

NOTES_PATH = "/api/townsquare/v1/notes/"


def note_link(base: str, note_id: int) -> str:
    return f"{base}{NOTES_PATH}{note_id}"


def render_rating(rating: NoteRating) -> dict[str, Any]:
    return {
        "id": str(rating.id),
        "note_id": str(rating.note_id),
        "helpfulness": rating.helpfulness,
        "value": rating.value,
        "helpful_tags": list(rating.helpful_tags),
        "not_helpful_tags": list(rating.not_helpful_tags),
        "created_at": iso(rating.created_at),
        "updated_at": iso(rating.updated_at),
    }


def render_note(
    note: Note, base: str, viewer: Account | None, own_rating: NoteRating | None = None
) -> dict[str, Any]:
    """A note with its latest score (``intercept``/``factor`` null while outside the fit)."""
    return {
        "id": str(note.id),
        "status_id": str(note.status_id),
        "classification": note.classification,
        "reasons": list(note.reasons),
        "text": note.text,
        "sources": list(note.sources),
        "created_at": iso(note.created_at),
        "link": note_link(base, note.id),
        "written_by_you": viewer is not None and note.account_id == viewer.id,
        "status": note.status,
        "intercept": note.intercept,
        "factor": note.factor,
        "ratings_count": note.ratings_count,
        "scored_at": iso(note.scored_at),
        "your_rating": render_rating(own_rating) if own_rating else None,
    }


def render_change(change: NoteStatusChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "previous_status": change.previous_status,
        "intercept": change.intercept,
        "factor": change.factor,
        "at": iso(change.created_at),
    }


def render_note_detail(
    note: Note,
    base: str,
    viewer: Account | None,
    own_rating: NoteRating | None,
    counts: dict[str, int],
    history: Sequence[NoteStatusChange],
) -> dict[str, Any]:
    """A note, the ratings it has now (by answer) and its status history, oldest first."""
    entity = render_note(note, base, viewer, own_rating)
    entity["current_ratings"] = {
        "helpful": counts.get("helpful", 0),
        "somewhat_helpful": counts.get("somewhat_helpful", 0),
        "not_helpful": counts.get("not_helpful", 0),
    }
    entity["status_history"] = [render_change(change) for change in history]
    return entity


def render_rater(
    score: NoteRaterScore | None, run: NoteScoringRun | None, ratings_count: int
) -> dict[str, Any]:
    """How the viewer's ratings entered the latest fit."""
    in_fit = score is not None and score.intercept is not None
    return {
        "ratings_count": ratings_count,
        "ratings_used": score.ratings_used if score else 0,
        "in_fit": in_fit,
        "intercept": score.intercept if score else None,
        "factor": score.factor if score else None,
        "scored_at": iso(score.scored_at) if score else None,
        "global_intercept": run.global_intercept if run else None,
    }


def render_rating_explained(
    rating: NoteRating, note: Note | None, rater: NoteRaterScore | None, mu: float | None
) -> dict[str, Any]:
    """A rating, the note's fitted terms, and what the model predicted for this rater."""
    entity = render_rating(rating)
    entity["note"] = (
        {"status": note.status, "intercept": note.intercept, "factor": note.factor}
        if note
        else None
    )
    terms = (
        None
        if note is None or rater is None or mu is None
        else (mu, rater.intercept, note.intercept, rater.factor, note.factor)
    )
    if terms is None or any(term is None for term in terms):
        entity["predicted"] = None
    else:
        g, iu, i_n, fu, fn = terms
        entity["predicted"] = g + iu + i_n + fu * fn  # type: ignore[operator]
    return entity


async def attach_community_notes(
    session: AsyncSession,
    _viewer: Account | None,
    batch: StatusBatch,
    rendered: dict[int, dict[str, Any]],
) -> None:
    """Status extension: ``community_note`` on statuses with a helpful note, one query a page.

    As in the reference, only helpful notes that call a post misleading are shown on it.
    """
    originals = [sid for sid, status in batch.statuses.items() if status.reblog_of_id is None]
    shown = await repository.shown_on_statuses(
        session, batch.found_among("note", originals), MISLEADING
    )
    for status_id, entity in rendered.items():
        note = shown.get(status_id)
        if note is None:
            entity["community_note"] = None
            continue
        parts = urlsplit(entity["url"])
        entity["community_note"] = {
            "id": str(note.id),
            "text": note.text,
            "sources": list(note.sources),
            "classification": note.classification,
            "link": note_link(f"{parts.scheme}://{parts.netloc}", note.id),
        }
