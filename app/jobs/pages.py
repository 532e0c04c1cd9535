"""The job partial for pages: progress that polls itself, then the outcome."""
from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from . import bp
from .service import get_job, retry
from .views import finished_html

STOP_POLLING = 286  # htmx 2: swap this response, then stop the element's polling
DONE_LABELS = {"youtube_fetch": "Song ready", "create_scenes": "Scenes written",
               "regenerate_scene": "Prompt rewritten", "generate_video": "Clip ready",
               "lipsync": "Lipsync ready", "stitch_video": "Video stitched"}


def render_job(job) -> Markup:
    """The job partial (polling while active, outcome once finished)."""
    return Markup(render_template("jobs/_job.html", job=job,
                                  label=DONE_LABELS.get(job.kind, "Done"),
                                  outcome=finished_html(job) if job.status == "succeeded" else ""))


@bp.get("/mv/jobs/<job_id>")
def job_partial(job_id: str):
    """Poll target: the same partial again while active; the outcome once finished."""
    job = get_job(job_id)
    status = 200 if job.status in ("queued", "running") else STOP_POLLING
    return render_job(job), status


@bp.post("/mv/jobs/<job_id>/retry")
def retry_partial(job_id: str):
    """Retry a failed job from the page; answers with the new job's partial."""
    return render_job(retry(job_id))
