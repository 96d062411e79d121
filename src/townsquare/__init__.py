"""townsquare."""
