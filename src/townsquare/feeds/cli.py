"""``townsquare algorithm``: check the published ranking code and replay receipts offline."""

from __future__ import annotations

import json
from pathlib import Path

import typer

algorithm = typer.Typer(help="The open algorithm: hash the ranking code, replay receipts.")


@algorithm.command("hash")
def hash_command(
    root: Path = typer.Option(
        None, help="A checkout's src/townsquare/feeds folder (default: the installed code)."
    ),
) -> None:
    """Print the SHA-256 of the ranking code (compare: GET /api/townsquare/v1/algorithm)."""
    from townsquare.feeds.manifest import PACKAGE, source_hash

    typer.echo(source_hash(root or PACKAGE))


@algorithm.command("replay")
def replay_command(file: Path = typer.Argument(..., help="A JSON file of receipts.")) -> None:
    """Re-run the feed on the receipts' inputs and say whether the order matches."""
    from townsquare.feeds.service import replay
    from townsquare.kit.errors import ApiError

    try:
        result = replay(json.loads(file.read_text()))
    except (OSError, ValueError, ApiError) as error:
        typer.echo(f"cannot replay {file}: {getattr(error, 'message', error)}", err=True)
        raise typer.Exit(2) from None
    typer.echo(json.dumps(result, indent=2))
    raise typer.Exit(0 if result["matches"] else 1)
