"""GET /media/<kind>/<file>: stored media for the browser, with Range support for seeking."""
from __future__ import annotations

from flask import Blueprint, send_file

from ..errors import NotFound
from .storage import store

bp = Blueprint("media", __name__)


@bp.get("/media/<kind>/<name>")
def serve(kind: str, name: str):
    """Serve a stored file; partial content (206) for Range requests."""
    path = store().path(f"{kind}/{name}")
    if not path.is_file():
        raise NotFound("no such media file")
    return send_file(path, conditional=True, max_age=3600)


def media_url(relative: str | None) -> str | None:
    """The browser URL of a stored file (relative to the app)."""
    if not relative:
        return None
    kind, name = relative.split("/", 1)
    from flask import url_for

    return url_for("media.serve", kind=kind, name=name)
