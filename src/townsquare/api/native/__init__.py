"""townsquare's own endpoints, under /api/townsquare/v1."""
