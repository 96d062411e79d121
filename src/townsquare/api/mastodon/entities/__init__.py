"""Entities: models turned into Mastodon's JSON shapes."""
