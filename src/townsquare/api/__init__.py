"""HTTP layer: parse requests, call services, render entities."""
