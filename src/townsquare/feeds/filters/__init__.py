"""Feed stages: filters (one class per file)."""
