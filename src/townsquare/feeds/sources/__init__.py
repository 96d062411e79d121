"""Feed stages: sources (one class per file)."""
