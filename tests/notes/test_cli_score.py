"""``townsquare notes score`` runs the scoring job by hand, as an operator would."""

from __future__ import annotations

import asyncio
import os
import subprocess

from bench.server import townsquare_command
from sqlalchemy import func, select

from tests.notes.seeding import seed_community
from townsquare.models import Note, NoteScoringRun


async def test_score_command_scores_the_database(app, settings) -> None:
    seeded = await seed_community(app, raters=80, notes=20, ratings=1200)
    env = {
        **os.environ,
        "TOWNSQUARE_DATA_DIR": str(settings.data_dir),
        "TOWNSQUARE_DATABASE_URL": settings.database_url or "",
    }
    result = await asyncio.to_thread(
        subprocess.run, [*townsquare_command(), "notes", "score"],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert f"scored 20 notes from {len(seeded.community.values):,} ratings" in result.stdout
    async with app.state.db.session() as session:
        scored = await session.execute(
            select(func.count()).select_from(Note).where(Note.scored_at.is_not(None))
        )
        runs = await session.execute(select(func.count()).select_from(NoteScoringRun))
        assert scored.scalar_one() == 20
        assert runs.scalar_one() == 1
