"""Video records: keep a finished file with its poster and probed facts; read them back."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .. import db
from ..media import storage
from ..media.cuts import extract_frame
from ..media.ffmpeg import MediaError
from ..media.probe import MediaInfo, probe
from ..media.routes import media_url
from ..models import Video

log = logging.getLogger(__name__)
KIND_FOLDERS = {"generated": "clips", "lipsync": "clips", "stitched": "stitched"}


def save_video(source: Path, *, kind: str, provider: str, scene_id: str | None = None,
               generation_id: str | None = None, parent_id: str | None = None,
               prompt: str | None = None, details: dict | None = None,
               info: MediaInfo | None = None) -> Video:
    """Move a finished file into the store and add its record (flushed, not committed).

    The caller commits together with whatever else changes (e.g. the scene's clip list),
    so a record never exists without its file, nor a file without its record. `info` is
    the file's probe when the caller already has it.
    """
    info = info or probe(source)
    if not info.has_video:
        raise MediaError(f"{source.name} has no video stream")
    media = storage.store()
    video_id = db.new_id()
    relative = media.relative(KIND_FOLDERS[kind], video_id, ".mp4")
    media.put(source, relative, move=True)
    poster = media.relative("posters", video_id, ".jpg")
    try:
        with media.writing(poster) as temp:
            extract_frame(media.path(relative), temp, min(1.0, info.duration / 2))
    except MediaError as exc:  # a missing poster is cosmetic; the clip is what was paid for
        log.warning("no poster for video %s: %s", video_id, exc.message)
        poster = None
    video = Video(id=video_id, kind=kind, provider=provider, scene_id=scene_id,
                  generation_id=generation_id, parent_id=parent_id, path=relative,
                  poster_path=poster, duration=info.duration, width=info.width or 0,
                  height=info.height or 0, fps=info.fps, has_audio=info.has_audio,
                  prompt=prompt, details=details)
    db.session().add(video)
    db.session().flush()
    return video


def get_video(video_id: Any) -> Video:
    """The video with this id, or a 404."""
    return db.get_or_404(Video, video_id, "video")


def video_path(video: Video) -> Path:
    return storage.store().path(video.path)


def video_json(video: Video) -> dict[str, Any]:
    return {"id": video.id, "url": media_url(video.path), "poster_url": media_url(video.poster_path),
            "duration": round(video.duration, 3), "width": video.width, "height": video.height,
            "fps": video.fps, "has_audio": video.has_audio, "kind": video.kind,
            "provider": video.provider, "scene_id": video.scene_id,
            "generation_id": video.generation_id, "parent_id": video.parent_id,
            "prompt": video.prompt, "details": video.details,
            "created_at": video.created_at.isoformat() + "Z" if video.created_at else None}
