"""The generation API: create one, read one with its scenes."""
from __future__ import annotations

from flask import jsonify

from ..config.resolve import resolve_flavor
from ..validation import json_body, record_id, text
from . import bp
from .records import MAX_DESCRIPTION, create_generation, generation_json, get_generation


@bp.post("/api/mv/generations")
def create():
    """Start a generation from a description, a mode, an optional song and a flavor."""
    body = json_body()
    generation = create_generation(
        description=text(body.get("video_description"), "video_description",
                         max_length=MAX_DESCRIPTION),
        mode=text(body.get("generation_mode") or "music-video", "generation_mode",
                  max_length=32),
        flavor=resolve_flavor(body.get("config_flavor")),
        audio_id=record_id(body.get("audio_id"), "audio_id", required=False))
    return jsonify(generation_json(generation)), 201


@bp.get("/api/mv/generations/<generation_id>")
def get(generation_id: str):
    """The generation, its scenes (clips oldest first) and its final video."""
    return jsonify(generation_json(get_generation(generation_id)))
