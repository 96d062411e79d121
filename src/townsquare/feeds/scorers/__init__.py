"""Feed stages: scorers (one class per file)."""
