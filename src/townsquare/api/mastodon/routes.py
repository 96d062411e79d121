"""Flat route table for the Mastodon client API: each resource module exports ``routes``."""

from __future__ import annotations

routes: list = []
