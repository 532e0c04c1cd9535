"""The audio API: upload a song, fetch one from YouTube, read an audio record."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, jsonify, request
from werkzeug.utils import secure_filename

from ..errors import MVError
from ..jobs import accepted, enqueue
from ..media import storage
from ..validation import fetch_url, json_body, seconds, time_range
from . import bp
from .songs import AUDIO_SUFFIXES, audio_json, get_audio, store_song


@bp.post("/api/audio/upload")
def upload():
    """Store an uploaded song (optionally only start_time..end_time of it) as a WAV record."""
    file = request.files.get("file")
    if file is None or not file.filename:
        raise MVError("send the song as the multipart field 'file'")
    suffix = Path(file.filename).suffix.lower()
    if suffix not in AUDIO_SUFFIXES:
        raise MVError(f"unsupported file type '{suffix[:10] or 'none'}': upload "
                      + ", ".join(s.lstrip(".") for s in AUDIO_SUFFIXES))
    start = seconds(request.form.get("start_time"), "start_time")
    end = seconds(request.form.get("end_time"), "end_time")
    time_range(start, end)
    with storage.store().scratch_dir() as scratch:
        saved = Path(scratch) / f"upload{suffix}"
        file.save(saved)
        if saved.stat().st_size == 0:
            raise MVError("the uploaded file is empty")
        audio = store_song(saved, origin="upload", start=start, end=end,
                           original_name=secure_filename(file.filename)[:255] or None)
    return jsonify(audio_json(audio)), 201


@bp.post("/api/audio/youtube")
def youtube():
    """Queue a job that fetches a song's audio with yt-dlp and keeps start..end of it."""
    body = json_body()
    url = fetch_url(body.get("url"), "url",
                    allow_private=current_app.config["MV_ALLOW_PRIVATE_URLS"])
    start = seconds(body.get("start_time"), "start_time")
    end = seconds(body.get("end_time"), "end_time")
    time_range(start, end)
    job = enqueue("youtube_fetch", {"url": url, "start_time": start, "end_time": end},
                  message="Waiting to download")
    return accepted(job)


@bp.get("/api/audio/get/<audio_id>")
def get(audio_id: str):
    """An audio record with a URL the browser can play."""
    return jsonify(audio_json(get_audio(audio_id)))
