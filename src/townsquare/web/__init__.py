"""townsquare's own web interface: server-rendered pages over the same services as the API."""
