"""Every query of the community notes package."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence
from functools import lru_cache
from typing import Any, cast

import numpy as np
from sqlalchemy import Select, Table, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.prepared import as_models, prepared_for
from townsquare.kit.sql import in_ids
from townsquare.models import (
    Note,
    NoteRaterScore,
    NoteRating,
    NoteScoringRun,
    NoteStatusChange,
)

RATING_CHUNK = 5000  # a few tens of ms of SQLite work per chunk on this machine


async def get(session: AsyncSession, note_id: int) -> Note | None:
    return await session.get(Note, note_id)


async def by_author_on_status(
    session: AsyncSession, account_id: int, status_id: int
) -> Note | None:
    query = select(Note).where(Note.status_id == status_id, Note.account_id == account_id)
    return (await session.execute(query)).scalar_one_or_none()


async def on_status(session: AsyncSession, status_id: int) -> list[Note]:
    query = select(Note).where(Note.status_id == status_id).order_by(Note.id.desc())
    return list((await session.execute(query)).scalars())


@lru_cache(maxsize=1)
def _shown_statement() -> Select[Note]:
    # Built once: this runs on every rendered page, and building it costs more than running.
    return (
        select(Note)
        .where(in_ids(Note.status_id, "ids"), Note.status == "helpful")
        .where(Note.classification == bindparam("classification"))
        .order_by(Note.status_id, Note.intercept.desc(), Note.id)
    )


# Which statuses of a rendered batch have a helpful note (``register_status_probe``).
STATUS_PROBE = select(literal("note"), Note.status_id).where(
    in_ids(Note.status_id, "status_ids"), Note.status == "helpful"
)


async def shown_on_statuses(
    session: AsyncSession, status_ids: Iterable[int], classification: str
) -> dict[int, Note]:
    """Per status, its best-scoring helpful note of ``classification``: one query."""
    ids = list(status_ids)
    if not ids:
        return {}
    params = {"ids": ids, "classification": classification}
    shown: dict[int, Note] = {}
    rows = await prepared_for(_shown_statement()).rows(session, params)
    for note in as_models(Note, rows):
        shown.setdefault(note.status_id, note)
    return shown


async def rating(session: AsyncSession, note_id: int, account_id: int) -> NoteRating | None:
    query = select(NoteRating).where(
        NoteRating.note_id == note_id, NoteRating.account_id == account_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def ratings_of(session: AsyncSession, account_id: int, page: Any) -> list[NoteRating]:
    query = page.apply(select(NoteRating).where(NoteRating.account_id == account_id), NoteRating.id)
    return page.finish(list((await session.execute(query)).scalars()))


async def notes_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, Note]:
    wanted = list(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(select(Note).where(Note.id.in_(wanted)))
    return {note.id: note for note in rows.scalars()}


async def rating_counts(session: AsyncSession, note_id: int) -> dict[str, int]:
    query = (
        select(NoteRating.helpfulness, func.count())
        .where(NoteRating.note_id == note_id)
        .group_by(NoteRating.helpfulness)
    )
    return {str(k): int(v) for k, v in (await session.execute(query)).all()}


async def history(session: AsyncSession, note_id: int) -> list[NoteStatusChange]:
    query = (
        select(NoteStatusChange)
        .where(NoteStatusChange.note_id == note_id)
        .order_by(NoteStatusChange.id)
    )
    return list((await session.execute(query)).scalars())


async def rater_score(session: AsyncSession, account_id: int) -> NoteRaterScore | None:
    return await session.get(NoteRaterScore, account_id)


async def latest_run(session: AsyncSession) -> NoteScoringRun | None:
    query = select(NoteScoringRun).order_by(NoteScoringRun.id.desc()).limit(1)
    return (await session.execute(query)).scalar_one_or_none()


async def delete_note(session: AsyncSession, note: Note) -> None:
    # Explicit deletes: SQLite only cascades when foreign keys are enforced.
    for model in (NoteRating, NoteStatusChange):
        await session.execute(delete(model).where(model.note_id == note.id))
    await session.execute(delete(Note).where(Note.id == note.id))


async def delete_rating(session: AsyncSession, rating_row: NoteRating) -> None:
    await session.execute(delete(NoteRating).where(NoteRating.id == rating_row.id))


# --- scoring: bulk reads and writes ------------------------------------------------------


async def note_states(session: AsyncSession) -> tuple[np.ndarray, list[str]]:
    """Every note id (ascending) and its current status."""
    rows = (await session.execute(select(Note.id, Note.status).order_by(Note.id))).all()
    return np.array([r[0] for r in rows], dtype=np.int64), [r[1] for r in rows]


RatingChunk = tuple[np.ndarray, np.ndarray, np.ndarray]


async def rating_chunks(session: AsyncSession) -> AsyncIterator[RatingChunk]:
    """All ratings as arrays (note ids, rater ids, values), in chunks paged on the primary
    key, so that a long read never holds the event loop (SQLite runs inline on it) for more
    than one chunk."""
    after = 0
    while True:
        query = (
            select(NoteRating.id, NoteRating.note_id, NoteRating.account_id, NoteRating.value)
            .where(NoteRating.id > after)
            .order_by(NoteRating.id)
            .limit(RATING_CHUNK)
        )
        rows = (await session.execute(query)).all()
        if not rows:
            return
        after = int(rows[-1][0])
        # Separate arrays: 64-bit ids do not survive a float64 array.
        yield (
            np.fromiter((r[1] for r in rows), np.int64, len(rows)),
            np.fromiter((r[2] for r in rows), np.int64, len(rows)),
            np.fromiter((r[3] for r in rows), np.float64, len(rows)),
        )
        if len(rows) < RATING_CHUNK:
            return


WRITE_CHUNK = 2000


async def _in_chunks(session: AsyncSession, statement: Any, rows: Sequence[dict[str, Any]]) -> None:
    """executemany in chunks, yielding to the event loop between them: on SQLite the
    statements run on the loop's thread, and the transaction stays one transaction."""
    for start in range(0, len(rows), WRITE_CHUNK):
        await session.execute(statement, list(rows[start : start + WRITE_CHUNK]))
        await asyncio.sleep(0)


async def save_note_scores(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Update each note's score: rows carry ``note_id`` plus the scored columns."""
    table = cast(Table, Note.__table__)  # Core, not the ORM: executemany by bound id
    statement = (
        update(table)
        .where(table.c.id == bindparam("note_id"))
        .values(
            status=bindparam("status"),
            intercept=bindparam("intercept"),
            factor=bindparam("factor"),
            ratings_count=bindparam("ratings_count"),
            scored_at=bindparam("scored_at"),
        )
    )
    await _in_chunks(session, statement, rows)


async def add_status_changes(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await _in_chunks(session, insert(NoteStatusChange), rows)


async def replace_rater_scores(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    await session.execute(delete(NoteRaterScore))
    await _in_chunks(session, insert(NoteRaterScore), rows)


async def add_run(session: AsyncSession, run: NoteScoringRun) -> None:
    session.add(run)


async def ratings_by(
    session: AsyncSession, account_id: int, note_ids: Iterable[int]
) -> dict[int, NoteRating]:
    """The account's ratings of these notes, by note id: one query."""
    wanted = list(set(note_ids))
    if not wanted:
        return {}
    query = select(NoteRating).where(
        NoteRating.account_id == account_id, NoteRating.note_id.in_(wanted)
    )
    return {row.note_id: row for row in (await session.execute(query)).scalars()}


async def rating_count_of(session: AsyncSession, account_id: int) -> int:
    query = select(func.count()).select_from(NoteRating).where(NoteRating.account_id == account_id)
    return int((await session.execute(query)).scalar_one())
