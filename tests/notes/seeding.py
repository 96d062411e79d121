"""Seed a two-camp community straight into the database, for scoring tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from starlette.applications import Starlette

from townsquare.models import Account, Note, NoteRating, Status
from townsquare.models.base import utcnow
from townsquare.notes import synthetic
from townsquare.notes.constants import MISLEADING


@dataclass
class Seeded:
    community: synthetic.Community
    rater_ids: list[int]
    note_ids: list[int]
    status_ids: list[int]


def _account(name: str) -> Account:
    return Account(username=name, username_lower=name, created_at=utcnow() - timedelta(days=30))


async def seed_community(
    app: Starlette, raters: int = 120, notes: int = 40, ratings: int = 3000, seed: int = 5
) -> Seeded:
    """Raters, one status per note by ``poster``, one note each by ``writer``, and the
    generated ratings (mapped 1.0 / 0.5 / 0.0 to helpful / somewhat / not helpful)."""
    community = synthetic.generate(raters, notes, ratings, seed=seed)
    answers = {1.0: "helpful", 0.5: "somewhat_helpful", 0.0: "not_helpful"}
    async with app.state.db.session() as session:
        poster, writer = _account("poster"), _account("writer")
        people = [_account(f"rater{i}") for i in range(raters)]
        session.add_all([poster, writer, *people])
        await session.flush()
        statuses = [Status(account_id=poster.id, text=f"claim {i}") for i in range(notes)]
        session.add_all(statuses)
        await session.flush()
        rows = [
            Note(status_id=s.id, account_id=writer.id, classification=MISLEADING,
                 reasons=["factual_error"], text=f"context {i}", sources=["https://e.org"])
            for i, s in enumerate(statuses)
        ]  # fmt: skip
        session.add_all(rows)
        await session.flush()
        session.add_all(
            NoteRating(note_id=rows[n].id, account_id=people[r].id, helpfulness=answers[v], value=v)
            for r, n, v in zip(
                community.rating_raters.tolist(), community.rating_notes.tolist(),
                community.values.tolist(), strict=True,
            )
        )  # fmt: skip
        await session.commit()
        return Seeded(
            community, [p.id for p in people], [n.id for n in rows], [s.id for s in statuses]
        )
