"""Every paid call is on record, once, with its model time; shown per generation."""
from __future__ import annotations

import pytest

from tests.support.api import create_generation, run_job
from tests.support.fake_replicate import fail
from tests.support.jobs import wait_for_job
from tests.support.replicate_fixtures import TOKEN


@pytest.fixture
def client(make_replicate_app):
    return make_replicate_app().test_client()


def test_each_prediction_is_recorded_with_model_inputs_and_time(client, fake):
    generation = create_generation(client, config_flavor="cinematic")
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    clip = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    body = client.get(f"/api/mv/generations/{generation['id']}/paid_calls").json
    models = [call["model"] for call in body["calls"]]
    assert models == ["openai/gpt-4o-mini", "google/imagen-4", "google/veo-3.1"]
    assert body["summary"]["count"] == 3 == len(fake.creates)
    assert body["summary"]["predict_seconds"] == pytest.approx(
        sum(call["predict_time"] for call in body["calls"]), abs=0.01)
    video_call = body["calls"][2]
    assert video_call["prediction_id"] == clip["external_id"]
    assert video_call["status"] == "succeeded" and video_call["predict_time"] is not None
    assert video_call["inputs"]["prompt"] == scene["prompt"]
    assert video_call["inputs"]["image"].startswith("(file) ")  # files by name, not bytes
    assert video_call["scene_id"] == scene["id"] and video_call["job_id"] == clip["id"]
    assert TOKEN not in str(body)
    generation_body = client.get(f"/api/mv/generations/{generation['id']}").json
    assert generation_body["paid_calls"]["count"] == 3
    page = client.get(f"/mv/quick-gen/{generation['id']}").get_data(as_text=True)
    assert '<span id="paid-calls" >' in page or '<span id="paid-calls">' in page
    assert "<strong>3</strong>" in page


def test_a_failed_prediction_is_still_on_record(client, fake):
    generation = create_generation(client)
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    fake.script("google/veo-3.1-fast", fail("out of capacity"))
    job = wait_for_job(client, client.post("/api/mv/generate_video",
                                           json={"scene_id": scene["id"]}).json["job_id"])
    assert job["status"] == "failed"
    calls = client.get(f"/api/mv/generations/{generation['id']}/paid_calls").json["calls"]
    assert [call["status"] for call in calls] == ["succeeded", "failed"]


def test_previews_make_no_paid_calls(make_app):
    client = make_app().test_client()
    generation = create_generation(client)
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    assert client.get(f"/api/mv/generations/{generation['id']}/paid_calls").json["summary"] == \
        {"count": 0, "predict_seconds": 0.0}
    assert "Previews are free" in client.get(f"/mv/quick-gen/{generation['id']}").get_data(
        as_text=True)


def test_unknown_generation_is_404(client):
    assert client.get("/api/mv/generations/nope/paid_calls").status_code == 404
