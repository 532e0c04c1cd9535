"""The job API: read a job's progress and outcome; retry a failed one."""
from __future__ import annotations

from flask import jsonify

from . import bp
from .service import accepted, get_job, job_json, retry


@bp.get("/api/mv/jobs/<job_id>")
def get(job_id: str):
    """A job's status, progress, message, error and result."""
    return jsonify(job_json(get_job(job_id)))


@bp.post("/api/mv/jobs/<job_id>/retry")
def retry_job(job_id: str):
    """Run a failed job again as a new job (the old one stays as it was)."""
    return accepted(retry(job_id))
