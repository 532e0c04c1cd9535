"""The create page and the quick-gen page, with their htmx actions."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, redirect, render_template, request, url_for

from .. import db
from ..audio.songs import get_audio, store_song
from ..config.resolve import flavor_for_request, registry, resolve_flavor
from ..errors import MVError
from ..jobs import active_jobs, enqueue
from ..jobs.pages import render_job
from ..media import storage
from ..models import Generation
from ..validation import fetch_url, seconds, time_range
from ..videos.actions import queue_all_clips, queue_restitch
from . import bp
from .forms import CreateForm, FlavorForm
from .records import (clips_by_id, create_generation, generation_json, get_generation,
                      song_context)


@bp.get("/")
def home():
    """The app starts on the create page."""
    return redirect(url_for("generations.create_page"))


@bp.route("/mv/create", methods=["GET", "POST"])
def create_page():
    """Song, mode, flavor and description -> a new generation, then its quick-gen page."""
    form = CreateForm(registry().names)
    if form.validate_on_submit():
        try:
            audio_id = _song_for(form)
            generation = create_generation(
                description=form.video_description.data.strip(),
                mode=form.generation_mode.data, flavor=resolve_flavor(form.config_flavor.data),
                audio_id=audio_id)
        except MVError as exc:
            _field_for_song_error(form).errors.append(exc.message)
        else:
            return redirect(url_for("generations.quick_gen_page", generation_id=generation.id))
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("generations/create.html", form=form), status


def _song_for(form: CreateForm) -> str | None:
    """The audio id the form names: a fetched YouTube song, a fresh upload, or none."""
    source = form.song_source.data
    if source == "youtube":
        if not form.audio_id.data:
            raise MVError("Press “Fetch audio” and wait until the song is ready.")
        return get_audio(form.audio_id.data).id
    if source == "upload":
        upload = form.song_file.data
        suffix = Path(upload.filename).suffix.lower()[:10]
        with storage.store().scratch_dir() as scratch:
            saved = Path(scratch) / f"upload{suffix}"
            upload.save(saved)
            return store_song(saved, origin="upload", start=form.start_time.data,
                              end=form.end_time.data, original_name=upload.filename[:255]).id
    return None


def _field_for_song_error(form: CreateForm):
    return form.youtube_url if form.song_source.data == "youtube" else form.song_file


@bp.post("/mv/create/youtube")
def fetch_youtube():
    """Start fetching a YouTube song for the create form; answers with the job's progress."""
    try:
        url = fetch_url(request.form.get("youtube_url"), "the YouTube URL",
                        allow_private=current_app.config["MV_ALLOW_PRIVATE_URLS"])
        start = seconds(request.form.get("start_time"), "start")
        end = seconds(request.form.get("end_time"), "end")
        time_range(start, end)
    except MVError as exc:
        return render_template("audio/_fetch_error.html", message=exc.message), 200
    job = enqueue("youtube_fetch", {"url": url, "start_time": start, "end_time": end},
                  message="Waiting to download")
    return render_job(job)


@bp.get("/mv/quick-gen/<generation_id>")
def quick_gen_page(generation_id: str):
    """Everything about one generation: input data, scene cards, the final video."""
    generation = get_generation(generation_id)
    return render_template("generations/quick_gen.html", **page_state(generation))


def page_state(generation: Generation) -> dict:
    """What the quick-gen page and its partials render from (all of it from the database)."""
    jobs = active_jobs(generation_id=generation.id)
    return {
        "generation": generation, "data": generation_json(generation),
        "clips": clips_by_id(generation_id=generation.id), **song_context(generation),
        "flavor_form": FlavorForm(registry().names, config_flavor=generation.config_flavor),
        "scene_jobs": {job.scene_id: job for job in jobs if job.scene_id},
        "plan_job": next((job for job in jobs if job.kind == "create_scenes"), None),
        "stitch_job": next((job for job in jobs if job.kind == "stitch_video"), None),
    }


@bp.post("/mv/generations/<generation_id>/flavor")
def change_flavor(generation_id: str):
    """The quick-gen flavor select: later requests from the page use this flavor."""
    generation = get_generation(generation_id)
    generation.config_flavor = flavor_for_request(fallback=generation.config_flavor).name
    db.session().commit()
    form = FlavorForm(registry().names, config_flavor=generation.config_flavor)
    return render_template("generations/_flavor_select.html", generation=generation,
                           flavor_form=form, saved=True)


@bp.post("/mv/generations/<generation_id>/create-scenes")
def create_scenes(generation_id: str):
    """Queue the scene planner; the answer is the job's progress."""
    from ..scenes.actions import queue_plan

    generation = get_generation(generation_id)
    job = queue_plan(generation, flavor_for_request(fallback=generation.config_flavor))
    return render_job(job)


@bp.post("/mv/generations/<generation_id>/generate-clips")
def generate_clips(generation_id: str):
    """Queue a clip for every scene; each card shows its own progress."""
    generation = get_generation(generation_id)
    jobs, busy = queue_all_clips(generation,
                                 flavor_for_request(fallback=generation.config_flavor))
    return render_template("generations/_clips_queued.html", jobs=jobs, busy=busy,
                           render_job=render_job)


@bp.post("/mv/generations/<generation_id>/stitch")
def stitch(generation_id: str):
    """Stitch the current clips with the audio parameters of the last stitch."""
    generation = get_generation(generation_id)
    job = queue_restitch(generation, flavor_for_request(fallback=generation.config_flavor))
    return render_job(job)

