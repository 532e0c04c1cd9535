"""Waiting for jobs the way a client does: by polling GET /api/mv/jobs/<id>."""
from __future__ import annotations

import time

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
