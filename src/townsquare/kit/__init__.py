"""Shared helpers: errors, request parsing, paging, rendering."""
