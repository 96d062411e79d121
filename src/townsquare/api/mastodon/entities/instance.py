"""The Instance (v2), V1::Instance, Rule and ExtendedDescription entities."""

from __future__ import annotations

from typing import Any

from townsquare.api.mastodon.entities.account import render_account
from townsquare.instance.rules import Rule
from townsquare.instance.service import InstanceStats, mastodon_version, source_url
from townsquare.models import Account
from townsquare.settings import Settings

# Mastodon's API level for 4.3 (``api_versions[mastodon]``).
MASTODON_API_VERSION = 2
MAX_DISPLAY_NAME_LENGTH = 30
MAX_NOTE_LENGTH = 500
MAX_FEATURED_TAGS = 10
MAX_PINNED_STATUSES = 5
PROFILE_FIELD_LIMIT = 255
CHARACTERS_RESERVED_PER_URL = 23


def _poll_limits(settings: Settings) -> dict[str, int]:
    """The poll limits of the settings (townsquare.polls enforces them)."""
    return {
        "max_options": settings.poll_max_options,
        "max_characters_per_option": settings.poll_max_characters_per_option,
        "min_expiration": settings.poll_min_expiration,
        "max_expiration": settings.poll_max_expiration,
    }


# No media uploads yet: clients read these and offer no attachments.
MEDIA_LIMITS = {
    "supported_mime_types": [],
    "description_limit": 1500,
    "image_size_limit": 0,
    "image_matrix_limit": 0,
    "video_size_limit": 0,
    "video_frame_rate_limit": 0,
    "video_matrix_limit": 0,
}


def render_rule(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "text": rule.text, "hint": rule.hint}


def streaming_url(settings: Settings) -> str:
    """The WebSocket base clients connect to for ``/api/v1/streaming``."""
    scheme = "wss" if settings.scheme == "https" else "ws"
    return f"{scheme}://{settings.domain}"


def thumbnail_url(settings: Settings) -> str:
    return f"{settings.base_url}/static/thumbnail.png"


def _statuses_limits(settings: Settings) -> dict[str, int]:
    return {
        "max_characters": settings.max_characters,
        "max_media_attachments": 0,
        "characters_reserved_per_url": CHARACTERS_RESERVED_PER_URL,
    }


def _configuration(settings: Settings) -> dict[str, Any]:
    base = settings.base_url
    return {
        "urls": {
            "streaming": streaming_url(settings),
            "status": None,
            "about": f"{base}/about",
            "privacy_policy": None,
            "terms_of_service": None,
        },
        "vapid": {"public_key": ""},
        "accounts": {
            "max_display_name_length": MAX_DISPLAY_NAME_LENGTH,
            "max_note_length": MAX_NOTE_LENGTH,
            "max_featured_tags": MAX_FEATURED_TAGS,
            "max_pinned_statuses": MAX_PINNED_STATUSES,
            "max_profile_fields": settings.max_fields,
            "profile_field_name_limit": PROFILE_FIELD_LIMIT,
            "profile_field_value_limit": PROFILE_FIELD_LIMIT,
        },
        "statuses": _statuses_limits(settings),
        "media_attachments": dict(MEDIA_LIMITS),
        "polls": _poll_limits(settings),
        "translation": {"enabled": False},
        "limited_federation": False,
        # townsquare's own: which tip jar currencies profiles may carry (docs/tips.md).
        "townsquare_tip_jar": {
            "currencies": ["dogecoin", "bitcoin", "lightning"],
            "testnet": settings.tips_allow_testnet,
        },
    }


def render_instance(
    settings: Settings, stats: InstanceStats, rules: list[Rule], contact: Account | None
) -> dict[str, Any]:
    """``GET /api/v2/instance``."""
    return {
        "domain": settings.domain,
        "title": settings.title,
        "version": mastodon_version(),
        "source_url": source_url(),
        "description": settings.description,
        "usage": {"users": {"active_month": stats.active_month}},
        "thumbnail": {"url": thumbnail_url(settings)},
        "icon": [],
        "languages": ["en"],
        "configuration": _configuration(settings),
        "registrations": {
            "enabled": settings.registrations_open,
            "approval_required": False,
            "reason_required": False,
            "message": None,
            "min_age": None,
            "url": None,
        },
        "api_versions": {"mastodon": MASTODON_API_VERSION},
        "contact": {
            "email": settings.contact_email,
            "account": render_account(contact, settings) if contact else None,
        },
        "rules": [render_rule(rule) for rule in rules],
    }


def render_v1_instance(
    settings: Settings, stats: InstanceStats, rules: list[Rule], contact: Account | None
) -> dict[str, Any]:
    """``GET /api/v1/instance`` (deprecated in Mastodon, still read by many clients)."""
    return {
        "uri": settings.domain,
        "title": settings.title,
        "short_description": settings.description,
        "description": settings.description,
        "email": settings.contact_email,
        "version": mastodon_version(),
        "urls": {"streaming_api": streaming_url(settings)},
        "stats": {
            "user_count": stats.user_count,
            "status_count": stats.status_count,
            "domain_count": 0,
        },
        "thumbnail": thumbnail_url(settings),
        "languages": ["en"],
        "registrations": settings.registrations_open,
        "approval_required": False,
        "invites_enabled": False,
        "configuration": {
            "accounts": {"max_featured_tags": MAX_FEATURED_TAGS},
            "statuses": _statuses_limits(settings),
            "media_attachments": dict(MEDIA_LIMITS),
            "polls": _poll_limits(settings),
        },
        "contact_account": render_account(contact, settings) if contact else None,
        "rules": [render_rule(rule) for rule in rules],
    }
