"""Search: accounts by name, hashtags by prefix, statuses by full text (FTS5 or PostgreSQL)."""
