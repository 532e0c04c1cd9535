"""Helpers for page tests: the CSRF token a real browser would send, htmx headers."""
from __future__ import annotations

import re

TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def csrf_token(client, url: str = "/mv/create") -> str:
    """The token the page hands the browser (forms and htmx both use it)."""
    page = client.get(url)
    token = TOKEN.search(page.get_data(as_text=True))
    assert token, "the page carries no CSRF token"
    return token.group(1)


def htmx_headers(token: str) -> dict:
    return {"HX-Request": "true", "X-CSRFToken": token}
