"""The site's navigation and settings sections, as data later features add to.

Moderation (transparency log, filters, label preferences) and the tip jar register their
entries here when they land, so the layout needs no change: ``register_nav_item`` adds a
link to the main navigation, ``register_settings_section`` a section (a template included
on the settings page) with its own form.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    signed_in_only: bool = False


@dataclass(frozen=True)
class SettingsSection:
    anchor: str
    title: str
    template: str


NAV: list[NavItem] = [
    NavItem("/", "Home", signed_in_only=True),
    NavItem("/web/public", "Public"),
    NavItem("/web/notifications", "Notifications", signed_in_only=True),
    NavItem("/web/search", "Search"),
    NavItem("/web/algorithm", "Algorithm"),
    NavItem("/web/settings", "Settings", signed_in_only=True),
]
SETTINGS_SECTIONS: list[SettingsSection] = [
    SettingsSection("profile", "Profile", "settings/profile.html"),
    SettingsSection("home-feed", "Home feed", "settings/home_feed.html"),
]


def register_nav_item(item: NavItem, *, before: str | None = "/web/settings") -> None:
    """Add a link to the main navigation (before Settings unless told otherwise)."""
    paths = [n.path for n in NAV]
    NAV.insert(paths.index(before) if before in paths else len(NAV), item)


def register_settings_section(section: SettingsSection) -> None:
    SETTINGS_SECTIONS.append(section)
