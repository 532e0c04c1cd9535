"""Scenes on the preview backend: plan, rewrite, edit; flavors per request."""
from __future__ import annotations

import pytest

from tests.support.api import create_generation, run_job, upload_song
from tests.support.jobs import hold_the_runner, wait_for_job
from tests.support.media import make_tone


@pytest.fixture
def song(client, tmp_path):
    return upload_song(client, make_tone(tmp_path / "song.wav", 20.0)).json


def test_one_scene_per_clip_of_the_song(client, song):
    generation = create_generation(client, audio_id=song["id"])
    job = run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scenes = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"]
    assert len(scenes) == 3  # 20 s of song in 8 s clips
    assert [scene["index"] for scene in scenes] == [0, 1, 2]
    assert [(s["start_time"], s["end_time"]) for s in scenes] == [(0, 8), (8, 16), (16, 24)]
    assert all("night trains" in scene["prompt"] for scene in scenes)
    assert len({scene["prompt"] for scene in scenes}) == 3  # varied, not one prompt thrice
    assert job["result"]["scenes"] == scenes


def test_the_requested_flavor_is_used_and_sets_the_clip_length(client, song):
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes",
            {"generation_id": generation["id"], "config_flavor": "lofi"})
    body = client.get(f"/api/mv/generations/{generation['id']}").json
    assert body["clip_seconds"] == 6 and len(body["scenes"]) == 4  # 20 s in 6 s clips
    assert all("lo-fi aesthetic" in scene["prompt"] for scene in body["scenes"])


def test_without_a_song_the_flavor_gives_the_count(client):
    generation = create_generation(client)
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    assert len(client.get(f"/api/mv/generations/{generation['id']}").json["scenes"]) == 6


def test_rewrite_one_scene_keeps_the_others(client, song):
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    before = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"]
    job = run_job(client, "/api/mv/regenerate_scene", {"scene_id": before[1]["id"]})
    after = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"]
    assert after[1]["prompt"] != before[1]["prompt"]
    assert job["result"]["scene"]["prompt"] == after[1]["prompt"]
    assert [after[0]["prompt"], after[2]["prompt"]] == [before[0]["prompt"], before[2]["prompt"]]


def test_the_user_edits_a_prompt(client, song):
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    response = client.patch(f"/api/mv/scenes/{scene['id']}",
                            json={"prompt": "  A lighthouse at dawn, slow pan.  "})
    assert response.status_code == 200
    assert response.json["prompt"] == "A lighthouse at dawn, slow pan."
    stored = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    assert stored["prompt"] == "A lighthouse at dawn, slow pan."


@pytest.mark.parametrize("body, status, message", [
    ({}, 400, "prompt is required"),
    ({"prompt": ""}, 400, "prompt is required"),
    ({"prompt": 5}, 400, "prompt must be text"),
    ({"prompt": "x" * 4001}, 400, "prompt is too long"),
])
def test_bad_prompt_edits(client, song, body, status, message):
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    response = client.patch(f"/api/mv/scenes/{scene['id']}", json=body)
    assert response.status_code == status and message in response.json["error"]


@pytest.mark.parametrize("url, body, status, message", [
    ("/api/mv/create_scenes", {}, 400, "generation_id is required"),
    ("/api/mv/create_scenes", {"generation_id": "nope"}, 404, "no generation"),
    ("/api/mv/create_scenes", {"generation_id": ["x"]}, 400, "generation_id must be an id"),
    ("/api/mv/regenerate_scene", {}, 400, "scene_id is required"),
    ("/api/mv/regenerate_scene", {"scene_id": "nope"}, 404, "no scene"),
])
def test_bad_scene_requests(client, url, body, status, message):
    response = client.post(url, json=body)
    assert response.status_code == status and message in response.json["error"]


def test_unknown_flavor_does_nothing(client, song):
    generation = create_generation(client, audio_id=song["id"])
    response = client.post("/api/mv/create_scenes",
                           json={"generation_id": generation["id"], "config_flavor": "noir"})
    assert response.status_code == 400
    assert response.json["available"] == ["default", "cinematic", "lofi"]
    assert client.get(f"/api/mv/generations/{generation['id']}").json["scenes"] == []


def test_scenes_with_clips_are_never_replaced(client, song):
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    response = client.post("/api/mv/create_scenes", json={"generation_id": generation["id"]})
    assert response.status_code == 409
    assert "already have clips" in response.json["error"]


def test_a_second_plan_while_one_is_queued_is_refused(make_app, tmp_path):
    app = make_app(MV_JOB_WORKERS=1)
    client = app.test_client()
    with hold_the_runner(app) as release:
        generation = create_generation(client)
        first = client.post("/api/mv/create_scenes", json={"generation_id": generation["id"]})
        second = client.post("/api/mv/create_scenes", json={"generation_id": generation["id"]})
        assert first.status_code == 202
        assert second.status_code == 409 and second.json["job_id"] == first.json["job_id"]
        assert "already being written" in second.json["error"]
        release()
    assert wait_for_job(client, first.json["job_id"])["status"] == "succeeded"
    third = client.post("/api/mv/create_scenes", json={"generation_id": generation["id"]})
    assert third.status_code == 202  # the lock is released when the job ends
    wait_for_job(client, third.json["job_id"])
