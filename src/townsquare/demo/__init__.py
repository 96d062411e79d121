"""Demo data: realistic accounts, follows and posts for a fresh instance (``townsquare demo``)."""
