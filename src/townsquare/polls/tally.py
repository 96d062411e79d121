"""The published tally of a closed poll: totals, Merkle root, leaves (NDJSON) and proofs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from townsquare.kit.errors import NotFound, Unprocessable
from townsquare.kit.json import iso
from townsquare.models import Account, PollBallot
from townsquare.polls import errors, merkle, repository
from townsquare.polls.state import PollState

LEAF_ENCODING = (
    "leaf = SHA-256(0x00 || SHA-256(receipt) || one byte per chosen option index, ascending); "
    "node = SHA-256(0x01 || left || right); leaves sorted by hash; an odd last node is carried "
    "up unchanged; empty tree: SHA-256('')"
)


def ensure_closed(poll: PollState) -> str:
    """The published root; 422 until the closing job has published it."""
    if poll.closed_at is None or poll.merkle_root is None:
        raise Unprocessable(errors.NOT_ENDED)
    return poll.merkle_root


def tally_document(poll: PollState, base_url: str) -> dict[str, Any]:
    root = ensure_closed(poll)
    here = f"{base_url}/api/townsquare/v1/polls/{poll.id}"
    return {
        "poll_id": str(poll.id),
        "status_id": str(poll.status_id),
        "closed_at": iso(poll.closed_at),
        "multiple": poll.multiple,
        "voters_count": poll.voters_count,
        "votes_count": poll.votes_count,
        "options": [
            {"title": t, "votes_count": n} for t, n in zip(poll.titles, poll.counts, strict=True)
        ],
        "hash": "sha256",
        "leaf_encoding": LEAF_ENCODING,
        "merkle_root": root,
        "leaves_url": f"{here}/leaves",
        "proof_url": f"{here}/proof",
    }


async def leaf_lines(session: AsyncSession, poll: PollState) -> Iterator[bytes]:
    """The leaves as NDJSON lines, in tree order: ``{"receipt_hash": hex, "choices": [...]}``."""
    ensure_closed(poll)
    rows = await repository.leaves(session, poll.id)
    return (
        orjson.dumps(
            {
                "receipt_hash": merkle.receipt_hash(receipt).hex(),
                "choices": merkle.choices_from_mask(choices),
            }
        )
        + b"\n"
        for _leaf, receipt, choices in rows
    )


async def proof_for(session: AsyncSession, poll: PollState, receipt: str) -> dict[str, Any]:
    """The inclusion proof of the ballot holding ``receipt``."""
    root = ensure_closed(poll)
    found = await repository.ballot_by_receipt(session, poll.id, receipt)
    if found is None:
        raise NotFound(errors.UNKNOWN_RECEIPT)
    leaf, choices = found
    hashes = await repository.leaf_hashes(session, poll.id)
    index = hashes.index(leaf)
    tree = merkle.levels([bytes.fromhex(h) for h in hashes])
    return {
        "poll_id": str(poll.id),
        "merkle_root": root,
        "receipt_hash": merkle.receipt_hash(receipt).hex(),
        "choices": merkle.choices_from_mask(choices),
        "leaf": leaf,
        "leaf_index": index,
        "leaf_count": len(hashes),
        "path": [{"side": s.side, "hash": s.hash.hex()} for s in merkle.proof(tree, index)],
    }


async def receipt_of(session: AsyncSession, poll: PollState, viewer: Account) -> dict[str, Any]:
    """The viewer's own receipt for this poll (404 if they have not voted)."""
    ballot: PollBallot | None = await repository.ballot_of(session, poll.id, viewer.id)
    if ballot is None:
        raise NotFound(errors.NOT_VOTED)
    return {
        "poll_id": str(poll.id),
        "receipt": ballot.receipt,
        "receipt_hash": merkle.receipt_hash(ballot.receipt).hex(),
        "choices": merkle.choices_from_mask(ballot.choices),
        "leaf": ballot.leaf,
    }
