"""Statuses: posting, editing, deleting, reblogs, favourites, bookmarks, pins, visibility."""
