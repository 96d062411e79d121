"""Accounts: registration, credentials, profiles."""
