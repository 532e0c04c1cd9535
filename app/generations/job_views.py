"""What finished jobs leave on the quick-gen and create pages."""
from __future__ import annotations

from flask import render_template

from ..audio.songs import audio_json, get_audio
from ..jobs.views import job_view
from ..scenes.pages import card_context
from ..scenes.planning_jobs import get_scene
from .pages import page_state
from .records import get_generation


@job_view("create_scenes")
def scenes_written(job) -> str:
    """The new scene cards replace the scene list."""
    state = page_state(get_generation(job.generation_id))
    return (render_template("generations/_scenes.html", oob=True, **state)
            + render_template("generations/_final.html", oob=True, **state)
            + render_template("generations/_paid_calls.html", oob=True, **state))


@job_view("regenerate_scene")
def prompt_rewritten(job) -> str:
    return render_template("scenes/_prompt.html", oob=True, **card_context(get_scene(job.scene_id)))


@job_view("lipsync")
@job_view("generate_video")
def clip_ready(job) -> str:
    """The card shows the new clip; the final section counts it (and, after a lipsync,
    shows the re-stitch that started by itself)."""
    if not job.scene_id:
        return ""
    scene = get_scene(job.scene_id)
    state = page_state(get_generation(scene.generation_id))
    return (render_template("scenes/_clip.html", oob=True, **card_context(scene))
            + render_template("generations/_final.html", oob=True, **state)
            + render_template("generations/_paid_calls.html", oob=True, **state))


@job_view("stitch_video")
def video_stitched(job) -> str:
    if not job.generation_id:
        return ""
    state = page_state(get_generation(job.generation_id))
    return render_template("generations/_final.html", oob=True, **state)


@job_view("youtube_fetch")
def song_fetched(job) -> str:
    """The create form gets the fetched song's id and a player to check it."""
    audio = audio_json(get_audio(job.result["audio_id"]))
    return render_template("audio/_fetched.html", audio=audio)
