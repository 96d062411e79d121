"""Choices the forms offer, shared by templates and views."""

from __future__ import annotations

from townsquare.notes import constants as note_terms
from townsquare.web.navigation import NAV, SETTINGS_SECTIONS

VISIBILITIES = (
    ("public", "Public: everyone, in public timelines"),
    ("unlisted", "Unlisted: everyone, not in public timelines"),
    ("private", "Followers only"),
    ("direct", "Mentioned people only"),
)
POLL_DURATIONS = (
    (300, "5 minutes"), (1800, "30 minutes"), (3600, "1 hour"), (21600, "6 hours"),
    (86400, "1 day"), (259200, "3 days"), (604800, "7 days"),
)  # fmt: skip
POLL_OPTION_FIELDS = 4

FORM_CHOICES = {
    "VISIBILITIES": VISIBILITIES,
    "POLL_DURATIONS": POLL_DURATIONS,
    "POLL_OPTION_FIELDS": POLL_OPTION_FIELDS,
    "NOTE_TERMS": note_terms,
    "NAV": NAV,
    "SETTINGS_SECTIONS": SETTINGS_SECTIONS,
}
