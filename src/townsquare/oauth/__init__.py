"""OAuth 2: applications, scopes, authorization codes, tokens."""
