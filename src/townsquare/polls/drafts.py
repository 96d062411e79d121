"""Parsing and checking the ``poll[...]`` parameters of a status, against the instance limits."""

from __future__ import annotations

from dataclasses import dataclass

from townsquare.kit.errors import Unprocessable
from townsquare.kit.params import Params
from townsquare.settings import Settings

MAX_OPTION_INPUT = 1000  # raw characters; the published limit is the setting


@dataclass(frozen=True)
class PollDraft:
    """What a client asked for in ``poll[options][]``, ``poll[expires_in]``, ..."""

    options: tuple[str, ...]
    expires_in: int
    multiple: bool = False
    hide_totals: bool = False


def parse_poll(params: Params, settings: Settings) -> PollDraft | None:
    """The poll of a status request, validated; ``None`` when there is none."""
    raw = params.raw("poll")
    if raw is None or raw == "" or raw == {}:
        return None
    poll = params.nested("poll")
    options = poll.strings("options", max_items=100, max_length=MAX_OPTION_INPUT)
    expires_in = poll.integer("expires_in")
    draft = PollDraft(
        options=tuple(option.strip() for option in options),
        expires_in=-1 if expires_in is None else expires_in,
        multiple=bool(poll.boolean("multiple", default=False)),
        hide_totals=bool(poll.boolean("hide_totals", default=False)),
    )
    check_options(draft.options, settings)
    check_expiry(expires_in, settings)
    return draft


def check_options(options: tuple[str, ...], settings: Settings) -> None:
    """Mastodon's option rules and messages."""
    if len(options) < 2:
        raise Unprocessable("Validation failed: Poll options must have more than one item")
    if len(options) > settings.poll_max_options:
        raise Unprocessable(
            f"Validation failed: Poll options can't contain more than "
            f"{settings.poll_max_options} items"
        )
    if any(not option for option in options):
        raise Unprocessable("Validation failed: Poll options can't be blank")
    limit = settings.poll_max_characters_per_option
    if any(len(option) > limit for option in options):
        raise Unprocessable(
            f"Validation failed: Poll options cannot be longer than {limit} characters each"
        )
    if len(set(options)) != len(options):
        raise Unprocessable("Validation failed: Poll options contain duplicate items")


def check_expiry(expires_in: int | None, settings: Settings) -> None:
    if expires_in is None:
        raise Unprocessable("Validation failed: Poll expires_in can't be blank")
    if expires_in < settings.poll_min_expiration:
        raise Unprocessable(
            f"Validation failed: Poll expires_in is too soon "
            f"(minimum is {settings.poll_min_expiration} seconds)"
        )
    if expires_in > settings.poll_max_expiration:
        raise Unprocessable(
            f"Validation failed: Poll expires_in is too far into the future "
            f"(maximum is {settings.poll_max_expiration} seconds)"
        )
