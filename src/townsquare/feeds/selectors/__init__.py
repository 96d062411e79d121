"""Feed stages: selectors (one class per file)."""
