"""Moderation by published rule: reports, actions, the hash-chained public log, appeals, labels."""
