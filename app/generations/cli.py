"""`flask --app wsgi mv generate`: the whole pipeline headless, with a progress bar per stage."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from .. import db
from ..audio.songs import store_song
from ..cli import mv_cli
from ..config.resolve import registry
from ..config.schema import GENERATION_MODES
from ..errors import MVError
from ..jobs import enqueue
from ..jobs.service import wait_for_jobs
from ..videos.records import get_video, video_path
from .records import create_generation, scenes_of


def _run_stage(label: str, job_ids: list[str]) -> list:
    """Wait for jobs with a progress bar; stop with the first failure's message."""
    with click.progressbar(length=100 * len(job_ids), label=label.ljust(16)) as bar:
        shown = [0]

        def update(jobs):
            done = sum(100 if job.status in ("succeeded", "failed") else job.progress
                       for job in jobs)
            bar.update(done - shown[0])
            shown[0] = done

        jobs = wait_for_jobs(job_ids, on_update=update)
    db.session().expire_all()  # the jobs changed records behind this session's back
    failed = [job for job in jobs if job.status == "failed"]
    if failed:
        raise click.ClickException(f"{label} failed: {failed[0].error}")
    return jobs


@mv_cli.command("generate")
@click.option("--audio", "song", required=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--description", required=True, help="What the video should be about.")
@click.option("--flavor", default="default", show_default=True)
@click.option("--mode", type=click.Choice(GENERATION_MODES), default="music-video",
              show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def generate_command(song: Path, description: str, flavor: str, mode: str, out: Path) -> None:
    """Song + description -> scenes -> clips -> stitched OUT, on the active backend."""
    chosen = registry().get(flavor)
    if chosen is None:
        raise click.BadParameter(f"unknown flavor; available: {', '.join(registry().names)}",
                                 param_hint="--flavor")
    try:
        audio = store_song(song, origin="upload", original_name=song.name)
        generation = create_generation(description=description, mode=mode, flavor=chosen,
                                       audio_id=audio.id)
    except MVError as exc:
        raise click.ClickException(exc.message) from exc
    params = {"config_flavor": chosen.name}
    _run_stage("Writing scenes", [enqueue("create_scenes", params,
                                          generation_id=generation.id).id])
    scenes = scenes_of(generation)
    _run_stage(f"Rendering {len(scenes)} clips", [
        enqueue("generate_video", params, generation_id=generation.id, scene_id=scene.id).id
        for scene in scenes])
    clip_ids = [scene.current_video_id for scene in scenes_of(generation)]
    stitch_params = {"video_ids": clip_ids, "audio_overlay_id": audio.id,
                     "suppress_video_audio": bool(chosen.get("stitch_params.suppress_video_audio")),
                     **params}
    (job,) = _run_stage("Stitching", [enqueue("stitch_video", stitch_params,
                                              generation_id=generation.id).id])
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(video_path(get_video(job.result["video_id"])), out)
    click.echo(f"wrote {out} (generation {generation.id}, {len(scenes)} scenes, "
               f"flavor {chosen.name})")
