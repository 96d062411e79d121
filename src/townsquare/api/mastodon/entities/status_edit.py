"""The StatusEdit and StatusSource entities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from townsquare.api.mastodon.entities.account import render_account
from townsquare.kit.json import iso
from townsquare.models import Account, Status, StatusEdit
from townsquare.settings import Settings


def render_status_edits(
    status: Status, edits: Sequence[StatusEdit], author: Account, settings: Settings
) -> list[dict[str, Any]]:
    """Every version of ``status``, oldest first; a never-edited status has one version."""
    account = render_account(author, settings)
    versions: Sequence[StatusEdit | Status] = edits or [status]
    return [
        {
            "content": version.content,
            "spoiler_text": version.spoiler_text,
            "sensitive": version.sensitive,
            "created_at": iso(version.created_at),
            "account": account,
            "media_attachments": [],
            "emojis": [],
        }
        for version in versions
    ]


def render_status_source(status: Status) -> dict[str, Any]:
    """The plain text a status was written in, for editing."""
    return {"id": str(status.id), "text": status.text, "spoiler_text": status.spoiler_text}
