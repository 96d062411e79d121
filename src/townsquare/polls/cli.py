"""``townsquare polls ...``: verifying a published poll tally."""

from __future__ import annotations

import typer

polls_cli = typer.Typer(help="Polls: verify a published tally.", no_args_is_help=True)


@polls_cli.command()
def verify(
    url: str = typer.Argument(
        ..., help="The tally: .../api/townsquare/v1/polls/ID/tally or a file."
    ),
    receipt: str | None = typer.Option(None, help="Your ballot's receipt: check its inclusion."),
    leaves: str | None = typer.Option(
        None, help="The leaves (URL or NDJSON file) if not the tally's."
    ),
) -> None:
    """Recompute the totals and the Merkle root from the leaves; exit 1 on any mismatch."""
    from townsquare.polls.verify import SourceError
    from townsquare.polls.verify import verify as run

    try:
        verdict = run(url, receipt, leaves)
    except SourceError as error:
        typer.echo(f"cannot verify: {error}", err=True)
        raise typer.Exit(2) from None
    for line in verdict.checked:
        typer.echo(f"ok: {line}")
    for line in verdict.problems:
        typer.echo(f"MISMATCH: {line}", err=True)
    if not verdict.ok:
        raise typer.Exit(1)
    typer.echo("the tally is consistent with its leaves")
