"""Notifications: creating them under the recipient's mutes and blocks, and reading them."""
