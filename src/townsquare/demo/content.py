"""Demo post text to status HTML, through the same formatter real posts use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from townsquare.statuses import formatting


@dataclass(frozen=True)
class Handle:
    """A planned account that posts may mention (not yet in the database)."""

    username: str


def render_html(text: str, base_url: str, domain: str, handles: Mapping[str, Handle]) -> str:
    """Sanitised paragraph HTML with links for hashtags and mentions of ``handles``."""
    return formatting.render_html(text, base_url=base_url, local_domain=domain, accounts=handles)
