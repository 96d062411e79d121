"""PeriodicJob: a named coroutine run every ``interval`` seconds by one process at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from townsquare.db import Database
from townsquare.settings import Settings

JobFunction = Callable[[Database, Settings], Awaitable[None]]


@dataclass(frozen=True)
class PeriodicJob:
    """A job the runner starts every ``interval(settings)`` seconds.

    ``run`` must be idempotent and safe to retry: it works from database state (for example
    "polls past their end that are not closed yet"), so a run cut short by a crash is simply
    finished by the next one. ``timeout`` bounds one run; the lease lasts as long.
    A job that is ``exclusive=False`` may run in several processes at once (it must then
    be safe to) and takes no lease: frequent, short jobs skip the two lease writes.
    """

    name: str
    run: JobFunction
    interval: Callable[[Settings], float]
    timeout: float = 600.0
    exclusive: bool = True
