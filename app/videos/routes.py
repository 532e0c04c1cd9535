"""The video API: read a video record."""
from __future__ import annotations

from flask import jsonify

from . import bp
from .records import get_video, video_json


@bp.get("/api/mv/get_video/<video_id>")
def get(video_id: str):
    """A video record with a URL the browser can play (and seek: Range is honoured)."""
    return jsonify(video_json(get_video(video_id)))
