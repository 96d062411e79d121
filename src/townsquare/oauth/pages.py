"""Server-rendered OAuth pages (Jinja2, autoescaped): consent + login, code, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.responses import HTMLResponse

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)

# Scope descriptions shown on the consent page; granular scopes fall back to their parent's.
SCOPE_DESCRIPTIONS = {
    "read": "Read all your account's data",
    "write": "Modify all your account's data",
    "follow": "Modify account relationships",
    "push": "Receive your push notifications",
    "profile": "Read only your account's basic information",
}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


def describe_scope(scope: str) -> str:
    if scope in SCOPE_DESCRIPTIONS:
        return SCOPE_DESCRIPTIONS[scope]
    parent, _, detail = scope.partition(":")
    verb = {"read": "Read", "write": "Modify"}.get(parent, parent.capitalize())
    return f"{verb} your {detail.replace('_', ' ')}" if detail else scope


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` into an HTML response with the security headers set."""
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=dict(SECURITY_HEADERS))


def error_page(
    title: str, message: str, status_code: int = 400, *, site_title: str = "townsquare"
) -> HTMLResponse:
    return render(
        "oauth_error.html", status_code, title=title, message=message, site_title=site_title
    )
