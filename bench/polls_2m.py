"""2,000,000 ballots on one poll, then the recount check (``make bench-poll-2m``, not in CI).

python -m bench.polls_2m [--db sqlite|postgresql] [--ballots 2000000] [--no-docs]

Ballots go through the service layer, not HTTP: ``townsquare.polls.ballots.write_batch``
(the same code the ballot box runs for HTTP votes) in transactions of MAX_BATCH ballots,
after the voters' accounts are bulk-inserted. Then the poll is closed by the closing job
(Merkle root over every leaf, a notification per voter) and recounted.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import timedelta

from sqlalchemy import update

from bench.docs import write_section
from bench.polls import database, log, recount, settings_of
from bench.polls_seed import voter_rows
from townsquare.db import Database
from townsquare.demo.bulk import bulk_insert
from townsquare.migrate import upgrade
from townsquare.models import Account, Poll, Status
from townsquare.models.base import utcnow
from townsquare.polls import attachment
from townsquare.polls.ballots import MAX_BATCH, write_batch
from townsquare.polls.closing import close_expired_polls
from townsquare.polls.drafts import PollDraft
from townsquare.polls.service import BallotRequest


async def run(kind: str, ballots: int) -> dict[str, object]:
    async with database(kind) as env:
        settings = settings_of(env)
        upgrade(settings)
        db = Database(settings)
        started = time.monotonic()
        accounts = voter_rows(ballots + 1)
        async with db.session() as session:
            await bulk_insert(session, Account, accounts)
            status = Status(account_id=accounts[0]["id"], text="2M", content="<p>2M</p>")
            session.add(status)
            await session.flush()
            draft = PollDraft(("yes", "no"), 86_400)
            await attachment.create_poll(session, settings, status, draft)
            await session.commit()
            poll_id = (await session.execute(Poll.__table__.select())).first()[0]  # type: ignore[index]
        seeded = time.monotonic()
        log(f"[{kind}] {ballots:,} accounts seeded in {seeded - started:.0f}s")
        voters = [int(str(a["id"])) for a in accounts[1:]]
        for start in range(0, len(voters), MAX_BATCH):
            chunk = [
                BallotRequest(poll_id, v, 1 << (v % 2)) for v in voters[start : start + MAX_BATCH]
            ]
            async with db.writer("POST"), db.session() as session:
                await write_batch(session, chunk, utcnow())
                await session.commit()
            if start % 200_000 == 0:
                log(f"[{kind}] {start:,} ballots")
        voted = time.monotonic()
        async with db.session() as session:
            await session.execute(update(Poll).values(expires_at=utcnow() - timedelta(seconds=1)))
            await session.commit()
        await close_expired_polls(db, settings)
        closed = time.monotonic()
        await db.dispose()
        check = await recount(settings, poll_id)
        return {
            "database": kind,
            "ballots": check["ballots"],
            "duplicates": check["duplicates"],
            "counters_match": check["counters_match"],
            "seed_s": seeded - started,
            "vote_s": voted - seeded,
            "close_s": closed - voted,
            "total_s": closed - started,
        }


async def main(args: argparse.Namespace) -> int:
    result = await run(args.db, args.ballots)
    ok = result["ballots"] == args.ballots and not result["duplicates"] and result["counters_match"]
    markdown = "\n".join(
        [
            "## 2,000,000-ballot poll (`make bench-poll-2m`)",
            "",
            "Ballots inserted through the service layer (`polls.ballots.write_batch`, the ballot "
            f"box's code, {MAX_BATCH} per transaction), not HTTP; then closed by the closing job "
            "(Merkle root over every leaf, one notification per voter). Target: ≤ 10 minutes.",
            "",
            "| database | ballots | accounts seeded (s) | ballots written (s) | "
            "closed (s) | total (s) | recount |",
            "|---|---|---|---|---|---|---|",
            f"| {result['database']} | {result['ballots']:,} | "
            f"{result['seed_s']:.0f} | {result['vote_s']:.0f} "
            f"| {result['close_s']:.0f} | {result['total_s']:.0f} | {'ok' if ok else 'MISMATCH'} |",
        ]
    )
    print(markdown)
    if not args.no_docs:
        write_section("polls-2m", markdown)
    return 0 if ok else 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--ballots", type=int, default=2_000_000)
    parser.add_argument("--no-docs", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
