"""Jobs: long work (downloads, LLM calls, renders, stitching) run off the request thread.

Blueprints call `enqueue(kind, params)` and return 202; a feature registers the code for
a kind with `@job_handler(kind)`. The runner behind `enqueue` is replaceable (see runner.py).
"""
from flask import Blueprint

bp = Blueprint("jobs", __name__)

from .service import (accepted, active_jobs, enqueue, get_job, job_handler,  # noqa: E402,F401
                      job_json)
