"""The instance: its published rules, its statistics, and the documents that describe it."""
