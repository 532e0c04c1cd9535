"""Storing a song: probe it, keep the chosen part as WAV, record it. All or nothing."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import db
from ..errors import MVError
from ..media import storage
from ..media.cuts import clip_audio
from ..media.ffmpeg import MediaError
from ..media.probe import probe
from ..media.routes import media_url
from ..models import Audio
from ..validation import time_range

AUDIO_SUFFIXES = (".mp3", ".wav", ".m4a", ".aac", ".ogg", ".oga", ".opus", ".flac", ".webm",
                  ".wma", ".aif", ".aiff")
END_TOLERANCE = 0.25  # seconds an end_time may point past the song's end


def store_song(source: Path, *, origin: str, start: float | None = None,
               end: float | None = None, source_url: str | None = None,
               original_name: str | None = None) -> Audio:
    """Keep [start, end) of a song file as a new audio record; MVError if it is not a song."""
    try:
        info = probe(source)
    except MediaError as exc:
        raise MVError(f"this file is not audio we can read: {exc.message}") from exc
    if info.has_video:
        raise MVError("this file holds video, not just audio; upload the song itself "
                      "(mp3, wav, m4a, ogg, flac...)")
    if not info.has_audio or info.duration <= 0:
        raise MVError("this file has no audio to use")
    start, end = time_range(start, end, info.duration, END_TOLERANCE)
    end = min(end, info.duration) if end is not None else None

    media = storage.store()
    audio_id = db.new_id()
    audio = Audio(id=audio_id, source=origin, source_url=source_url, original_name=original_name,
                  start_time=start, end_time=end, duration=0.0,
                  path=media.relative("audio", audio_id, ".wav"))
    try:
        with media.writing(audio.path) as temp:
            clip_audio(source, temp, start, end)
        audio.duration = probe(media.path(audio.path)).duration
        session = db.session()
        session.add(audio)
        session.commit()
    except MediaError as exc:
        media.delete(audio.path)
        raise MVError(f"could not prepare the audio: {exc}") from exc
    except Exception:
        db.session().rollback()
        media.delete(audio.path)
        raise
    return audio


def get_audio(audio_id: Any) -> Audio:
    """The audio record with this id, or a 404."""
    return db.get_or_404(Audio, audio_id, "audio")


def audio_json(audio: Audio) -> dict[str, Any]:
    return {"id": audio.id, "url": media_url(audio.path), "duration": round(audio.duration, 3),
            "start_time": audio.start_time, "end_time": audio.end_time, "source": audio.source,
            "source_url": audio.source_url, "original_name": audio.original_name,
            "created_at": audio.created_at.isoformat() + "Z" if audio.created_at else None}
