"""POST /api/mv/lipsync: lipsync a clip (by id or URL) to a song slice (by id or URL)."""
from __future__ import annotations

from ..jobs import accepted
from ..validation import json_body
from . import bp
from .actions import queue_lipsync


@bp.post("/api/mv/lipsync")
def lipsync():
    """Queue a lipsync; its result is the new clip's id (it joins the clip's scene)."""
    return accepted(queue_lipsync(json_body()))
