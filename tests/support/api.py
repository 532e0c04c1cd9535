"""Driving the JSON API the way a client does, for pipeline tests."""
from __future__ import annotations

import io
from pathlib import Path

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.support.jobs import wait_for_job


def upload_song(client, path: Path, headers=None, **form) -> dict:
    """POST a song to /api/audio/upload (body built in memory); returns the response."""
    fields = MultiDict(form)
    fields.add("file", FileStorage(io.BytesIO(path.read_bytes()), filename=path.name))
    boundary, body = encode_multipart(fields)
    return client.post("/api/audio/upload", data=body, headers=headers or {},
                       content_type=f"multipart/form-data; boundary={boundary}")


def create_generation(client, **fields) -> dict:
    body = {"video_description": "a synth-pop song about night trains", **fields}
    response = client.post("/api/mv/generations", json=body)
    assert response.status_code == 201, response.json
    return response.json


def run_job(client, url: str, body: dict, timeout: float = 120) -> dict:
    """POST something that answers 202 job, wait for it, return the finished job."""
    response = client.post(url, json=body)
    assert response.status_code == 202, response.json
    job = wait_for_job(client, response.json["job_id"], timeout)
    assert job["status"] == "succeeded", job
    return job


def planned(client, **fields) -> dict:
    """A generation whose scenes are written; returns it as GET /api/mv/generations/<id>."""
    generation = create_generation(client, **fields)
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    return client.get(f"/api/mv/generations/{generation['id']}").json


def finish(client, url: str, body: dict, timeout: float = 60) -> dict:
    """POST something that answers 202 job and return the job once it has ended, however."""
    return wait_for_job(client, client.post(url, json=body).json["job_id"], timeout)
