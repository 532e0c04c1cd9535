"""The stitch job: the clips in order, the song laid over them, one final video."""
from __future__ import annotations

from pathlib import Path

from .. import db, services
from ..audio.songs import get_audio
from ..generations.records import get_generation
from ..jobs import job_handler
from ..media import storage
from .records import get_video, save_video, video_path


@job_handler("stitch_video")
def stitch_video(ctx) -> dict:
    """Job: join clips (stream copy when they match) and overlay the song; {"video_id"}."""
    params = ctx.params
    clips = [get_video(video_id) for video_id in params["video_ids"]]
    song = get_audio(params["audio_overlay_id"]) if params.get("audio_overlay_id") else None
    bundle = services.for_flavor(params["config_flavor"])
    media = storage.store()
    ctx.progress(10, f"Joining {len(clips)} clips")
    with media.scratch_dir() as scratch:
        result = bundle.stitcher.stitch(
            [video_path(clip) for clip in clips], Path(scratch) / "stitched.mp4",
            song=media.path(song.path) if song else None,
            suppress_video_audio=params["suppress_video_audio"], work_dir=Path(scratch))
        ctx.progress(90, "Saving the video")
        video = save_video(result.path, kind="stitched", provider="local",
                           generation_id=ctx.generation_id,
                           details={"video_ids": params["video_ids"],
                                    "audio_overlay_id": params.get("audio_overlay_id"),
                                    "suppress_video_audio": params["suppress_video_audio"],
                                    "normalised_clips": list(result.normalised)},
                           info=result.info)
    if ctx.generation_id:
        generation = get_generation(ctx.generation_id)
        generation.final_video_id = video.id
        generation.stitch_params = {"audio_overlay_id": params.get("audio_overlay_id"),
                                    "suppress_video_audio": params["suppress_video_audio"]}
    db.session().commit()
    return {"video_id": video.id}
