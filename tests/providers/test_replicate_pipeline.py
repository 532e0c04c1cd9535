"""The pipeline on the Replicate backend: the real client against a fake Replicate server.

Assertions are on what reached the server: models, prompts and inputs of the flavor the
request named, exactly one create per paid request, cancels, uploads.
"""
from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.models import Job
from tests.support.api import create_generation, finish, run_job, upload_song
from tests.support.api import planned as planned_generation
from tests.support.fake_replicate import fail, hang, llm_text, reject, slow
from tests.support.jobs import wait_for_job
from tests.support.media import make_tone

@pytest.fixture
def client(make_replicate_app):
    return make_replicate_app().test_client()


@pytest.fixture
def planned(client, tmp_path):
    song = upload_song(client, make_tone(tmp_path / "song.wav", 16.0)).json
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    return client.get(f"/api/mv/generations/{generation['id']}").json


def test_scene_planning_sends_the_flavors_prompts(client, fake, planned):
    model, sent = fake.creates[0]
    assert model == "openai/gpt-4o-mini"
    assert "synth-pop song about night trains" in sent["prompt"]
    assert "Return exactly 2 prompts" in sent["prompt"]
    assert "You are the director of a music video" in sent["system_prompt"]
    assert "natural light" in sent["system_prompt"]  # default style
    assert sent["max_completion_tokens"] == 4096
    assert len(planned["scenes"]) == 2
    # The next request names another flavor and gets its values, not the previous ones.
    generation = create_generation(client, audio_id=planned["audio_id"])
    run_job(client, "/api/mv/create_scenes",
            {"generation_id": generation["id"], "config_flavor": "cinematic"})
    model, sent = fake.creates[-1]
    assert "anamorphic widescreen look" in sent["system_prompt"]
    assert "natural light" not in sent["system_prompt"]


def test_a_clip_uses_the_flavors_video_model_and_inputs(client, fake, planned):
    scene = planned["scenes"][0]
    job = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    model, sent = fake.creates[-1]
    assert model == "google/veo-3.1-fast"
    assert sent == {"prompt": scene["prompt"], "duration": 8, "resolution": "720p",
                    "aspect_ratio": "16:9", "generate_audio": False,
                    "negative_prompt": "text, captions, subtitles, watermark, logo, distorted "
                                       "hands, extra limbs, blurry"}
    assert job["external_id"] and fake.prediction_status(job["external_id"]) == "succeeded"
    video = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert video["provider"] == "replicate" and (video["width"], video["height"]) == (320, 180)
    media = client.get(video["url"])
    assert media.status_code == 200 and len(media.data) > 1000  # downloaded into our storage
    media.close()


def test_image_to_video_flavor_makes_a_first_frame_and_uploads_it(client, fake, planned):
    scene = planned["scenes"][1]
    run_job(client, "/api/mv/generate_video",
            {"scene_id": scene["id"], "config_flavor": "cinematic"})
    (image_model, image_input), (video_model, video_input) = fake.creates[-2:]
    assert image_model == "google/imagen-4"
    assert image_input["prompt"].startswith(scene["prompt"])
    assert image_input["prompt"].endswith("anamorphic film still, 35mm, shallow depth of field")
    assert "go_fast" not in image_input and "num_outputs" not in image_input
    assert video_model == "google/veo-3.1" and video_input["resolution"] == "1080p"
    uploaded = video_input["image"]  # the first frame, uploaded through /v1/files
    assert uploaded.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failed_prediction_fails_the_job_with_the_providers_message(client, fake, planned):
    fake.script("google/veo-3.1-fast", fail("NSFW content detected in the prompt"))
    response = client.post("/api/mv/generate_video", json={"scene_id": planned["scenes"][0]["id"]})
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "failed"
    assert "NSFW content detected in the prompt" in job["error"]
    scene = client.get(f"/api/mv/generations/{planned['id']}").json["scenes"][0]
    assert scene["video_ids"] == []  # nothing half-made was kept


def test_a_500_on_create_is_retried_and_pays_once(client, fake, planned):
    fake.script("google/veo-3.1-fast", reject(500))
    before = len(fake.creates)
    run_job(client, "/api/mv/generate_video", {"scene_id": planned["scenes"][0]["id"]})
    assert len(fake.creates) == before + 1


def test_a_prediction_past_its_deadline_is_cancelled(make_replicate_app, fake, config_dir,
                                                     tmp_path):
    (config_dir / "quick").mkdir()
    (config_dir / "quick" / "video_params.yaml").write_text("timeout_seconds: 1\n")
    client = make_replicate_app().test_client()
    generation = planned_generation(client, config_flavor="quick")
    fake.script("google/veo-3.1-fast", hang())
    job = finish(client, "/api/mv/generate_video", {"scene_id": generation["scenes"][0]["id"]})
    assert job["status"] == "failed"
    assert "did not finish within 1 s" in job["error"] and "cancelled" in job["error"]
    assert fake.cancels == [job["external_id"]]


def test_the_scene_planner_answering_nonsense_fails_clearly(client, fake):
    fake.respond("openai/gpt-4o-mini", llm_text("I'd rather not."))
    generation = create_generation(client)
    response = client.post("/api/mv/create_scenes", json={"generation_id": generation["id"]})
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "failed" and "no list of scenes" in job["error"]
    assert client.get(f"/api/mv/generations/{generation['id']}").json["scenes"] == []


def test_restart_resumes_polling_without_a_second_create(make_replicate_app, fake, planned):
    app = make_replicate_app()
    scene = planned["scenes"][0]
    fake.script("google/veo-3.1-fast", slow(3))
    gateway = app.extensions["mv.services"].for_flavor("default").video_maker.gateway
    prediction_id = gateway.create("google/veo-3.1-fast", {"prompt": scene["prompt"],
                                                           "duration": 8})
    creates_before = len(fake.creates)
    with Session(app.extensions["mv.engine"]) as session, session.begin():
        job = Job(kind="generate_video", status="running", owner="dead-host:1",
                  params={"config_flavor": "default"}, scene_id=scene["id"],
                  generation_id=planned["id"], external_id=prediction_id,
                  checkpoints={"video_prediction": prediction_id}, lock_key=f"clip:{scene['id']}")
        session.add(job)
        session.flush()
        job_id = job.id

    restarted = make_replicate_app().test_client()  # a new process on the same database
    finished = wait_for_job(restarted, job_id)
    assert finished["status"] == "succeeded"
    assert len(fake.creates) == creates_before  # polled the old prediction; paid nothing more
    stored = restarted.get(f"/api/mv/generations/{planned['id']}").json["scenes"][0]
    assert stored["current_video_id"] == finished["result"]["video_id"]
