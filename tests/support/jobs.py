"""Waiting for jobs the way a client does: by polling GET /api/mv/jobs/<id>."""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager

from app.jobs import job_handler

FINISHED = ("succeeded", "failed")


def wait_for_job(client, job_id: str, timeout: float = 60.0) -> dict:
    """Poll until the job finishes; fail the test if it does not within `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/mv/jobs/{job_id}").json
        if job["status"] in FINISHED:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s: {job}")
        time.sleep(0.05)


@contextmanager
def hold_the_runner(app):
    """Occupy one runner worker with a blocking job until release() is called, so jobs
    queued meanwhile stay queued (with MV_JOB_WORKERS=1, deterministically)."""
    from app.jobs import enqueue

    started, released = threading.Event(), threading.Event()

    @job_handler("test_hold")
    def hold(context):
        started.set()
        released.wait(30)
        return {}

    with app.test_request_context():
        job_id = enqueue("test_hold", {}).id
    assert started.wait(10), "the runner never started the holding job"
    try:
        yield released.set
    finally:
        released.set()
        wait_for_job(app.test_client(), job_id)
