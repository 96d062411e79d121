"""The social graph: follows, follow requests, blocks, mutes, relationships."""
