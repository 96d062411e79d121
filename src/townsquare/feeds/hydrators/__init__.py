"""Feed stages: hydrators (one class per file)."""
