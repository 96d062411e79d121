"""Polls: Mastodon-compatible polls, one ballot per account, a verifiable tally, integrity view."""
