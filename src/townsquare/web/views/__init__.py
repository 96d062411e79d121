"""Page views, one module per area; each view parses, calls a service and renders a template."""
