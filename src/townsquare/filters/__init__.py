"""Reader-side controls: Mastodon filters v2 (keywords, statuses, contexts, actions, expiry)."""
