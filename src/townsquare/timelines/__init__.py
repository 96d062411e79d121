"""Timelines: home (fan-out on write, read-time merge), public, tag, account, bookmarks."""
