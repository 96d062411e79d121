"""Community notes: context written and rated by users, shown when raters who usually
disagree agree that it helps (the bridging model Twitter published as Community Notes)."""
