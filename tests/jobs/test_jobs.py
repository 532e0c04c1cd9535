"""The job runner: lifecycle, failures, the concurrency bound, recovery after a restart."""
from __future__ import annotations

import os
import threading
import time

from sqlalchemy.orm import Session

from app import db
from app.errors import MVError
from app.jobs import enqueue, job_handler
from app.models import Job
from tests.support.jobs import wait_for_job

# Test-only job kinds: real handlers registered in the real registry.
running_now = {"count": 0, "peak": 0}
lock = threading.Lock()
resumed_with = []


@job_handler("test_echo")
def echo(context):
    context.progress(50, "Halfway")
    return {"echo": context.params["value"]}


@job_handler("test_user_error")
def user_error(context):
    raise MVError("the clip is too short to lipsync; pick a longer scene")


@job_handler("test_crash")
def crash(context):
    raise RuntimeError("boom with token r8_SuperSecretToken1234567890")


@job_handler("test_slow")
def slow(context):
    with lock:
        running_now["count"] += 1
        running_now["peak"] = max(running_now["peak"], running_now["count"])
    time.sleep(0.3)
    with lock:
        running_now["count"] -= 1
    return {}


@job_handler("test_paid", resumable=True)
def paid(context):
    if context.resuming:
        resumed_with.append(context.external_id)
        return {"polled": context.external_id}
    context.set_external_id("pred-new")
    return {"created": True}


def submit(app, kind, **params):
    with app.test_request_context():
        return enqueue(kind, params).id


def test_job_lifecycle_and_json(app, client):
    job_id = submit(app, "test_echo", value="hi")
    job = wait_for_job(client, job_id)
    assert job["status"] == "succeeded"
    assert job["result"] == {"echo": "hi"}
    assert job["progress"] == 100 and job["message"] == "Done" and job["error"] is None
    assert job["started_at"] and job["finished_at"] and job["created_at"]
    assert set(job) >= {"id", "kind", "status", "progress", "message", "error", "result"}


def test_user_errors_keep_their_message(app, client):
    job = wait_for_job(client, submit(app, "test_user_error"))
    assert job["status"] == "failed"
    assert job["error"] == "the clip is too short to lipsync; pick a longer scene"


def test_crashes_fail_the_job_without_leaking_secrets(app, client, caplog):
    job = wait_for_job(client, submit(app, "test_crash"))
    assert job["status"] == "failed"
    assert "boom" in job["error"]
    assert "r8_SuperSecretToken" not in job["error"]


def test_unknown_kind_fails_cleanly(app, client):
    job = wait_for_job(client, submit(app, "no_such_kind"))
    assert job["status"] == "failed" and "no handler" in job["error"]


def test_unknown_job_is_404_json(client):
    response = client.get("/api/mv/jobs/doesnotexist")
    assert response.status_code == 404 and "no job" in response.json["error"]


def test_concurrency_is_bounded(make_app):
    app = make_app(MV_JOB_WORKERS=2)
    client = app.test_client()
    running_now.update(count=0, peak=0)
    ids = [submit(app, "test_slow") for _ in range(6)]
    for job_id in ids:
        assert wait_for_job(client, job_id)["status"] == "succeeded"
    assert running_now["peak"] == 2


def test_failed_jobs_can_be_retried_as_a_new_job(app, client):
    failed = wait_for_job(client, submit(app, "test_user_error"))
    response = client.post(f"/api/mv/jobs/{failed['id']}/retry")
    assert response.status_code == 202
    assert response.json["job_id"] != failed["id"]
    again = wait_for_job(client, response.json["job_id"])
    assert again["kind"] == "test_user_error" and again["status"] == "failed"
    ok = wait_for_job(client, submit(app, "test_echo", value=1))
    assert client.post(f"/api/mv/jobs/{ok['id']}/retry").status_code == 409


def insert_job(app, **fields):
    with Session(app.extensions["mv.engine"]) as session, session.begin():
        job = Job(**fields)
        session.add(job)
        session.flush()
        return job.id


def test_restart_resumes_paid_jobs_and_fails_interrupted_local_ones(make_app, tmp_path):
    first = make_app()
    dead = "ghost-host:999999"
    paid_id = insert_job(first, kind="test_paid", status="running", owner=dead,
                         external_id="pred-123", params={})
    local_id = insert_job(first, kind="test_echo", status="running", owner=dead,
                          params={"value": 1})
    queued_id = insert_job(first, kind="test_echo", status="queued", owner=dead,
                           params={"value": 2})
    done_id = insert_job(first, kind="test_echo", status="succeeded", owner=dead, params={})
    resumed_with.clear()

    restarted = make_app()  # same database: a new process starting up
    client = restarted.test_client()
    paid = wait_for_job(client, paid_id)
    assert paid["status"] == "succeeded" and paid["result"] == {"polled": "pred-123"}
    assert resumed_with == ["pred-123"]  # polled the old prediction, created nothing
    for job_id in (local_id, queued_id):
        job = client.get(f"/api/mv/jobs/{job_id}").json
        assert job["status"] == "failed"
        assert "interrupted by restart" in job["error"]
    assert client.get(f"/api/mv/jobs/{done_id}").json["status"] == "succeeded"


def test_restart_leaves_jobs_of_a_live_process_alone(make_app):
    first = make_app()
    import socket

    live_owner = f"{socket.gethostname()}:{os.getppid()}"  # our parent process is alive
    job_id = insert_job(first, kind="test_echo", status="running", owner=live_owner,
                        params={"value": 1})
    restarted = make_app()
    assert restarted.test_client().get(f"/api/mv/jobs/{job_id}").json["status"] == "running"


def test_external_id_is_stored_before_the_job_finishes(app, client):
    job = wait_for_job(client, submit(app, "test_paid"))
    assert job["external_id"] == "pred-new" and job["result"] == {"created": True}


def test_progress_writes_do_not_commit_the_handlers_work(app, client):
    from app.models import Audio

    @job_handler("test_half_written")
    def half(context):
        db.session().add(Audio(source="upload", duration=1.0, path="audio/x.wav"))
        context.progress(40, "Working")
        raise MVError("stopped halfway")

    job = wait_for_job(client, submit(app, "test_half_written"))
    assert job["status"] == "failed"
    with app.app_context():
        assert db.session().query(Audio).count() == 0
