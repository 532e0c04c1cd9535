"""How a finished job shows on a page: each feature registers the HTML its kind leaves behind.

The job partial polls while the job is active; once it has finished, the partial that
replaces it holds the outcome (e.g. out-of-band swaps of the scene card's clip player).
"""
from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from ..models import Job

JobView = Callable[[Job], str]
JOB_VIEWS: dict[str, JobView] = {}


def job_view(kind: str) -> Callable[[JobView], JobView]:
    """Register `render(job) -> html` for finished jobs of this kind."""

    def register(func: JobView) -> JobView:
        JOB_VIEWS[kind] = func
        return func

    return register


def finished_html(job: Job) -> Markup:
    """What a succeeded job of this kind adds to the page (nothing if no view is registered)."""
    view = JOB_VIEWS.get(job.kind)
    return Markup(view(job)) if view and job.status == "succeeded" else Markup("")
