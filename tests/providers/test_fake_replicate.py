"""The fake Replicate server, driven by the real `replicate` client, answers as Replicate does."""
from __future__ import annotations

import json

import httpx
import pytest
import replicate
from replicate.exceptions import ReplicateError

from app.media.probe import probe
from tests.support.fake_replicate import (FakeReplicate, broken_output, fail, flaky_polls, hang,
                                          image_png, lipsync_mux, llm_json_scenes, reject, slow,
                                          video_clip)
from tests.support.media import make_clip, make_tone

TOKEN = "r8_FakeServerToken0123456789"
LLM = "openai/gpt-4o-mini"
VIDEO = "google/veo-3.1-fast"


@pytest.fixture
def fake(tmp_path):
    with FakeReplicate(token=TOKEN, output_dir=tmp_path / "fake") as server:
        server.respond(LLM, llm_json_scenes())
        server.respond(VIDEO, video_clip())
        yield server


@pytest.fixture
def client(fake):
    api = replicate.Client(api_token=TOKEN, base_url=fake.base_url)
    yield api
    api._client.close()  # the client has no close(); an open socket would warn at exit


def fetch(url: str) -> httpx.Response:
    return httpx.get(url, timeout=10)


def test_create_answers_with_a_starting_prediction_and_records_it(fake, client):
    prediction = client.predictions.create(model=LLM, input={"prompt": "hi"})

    assert prediction.status == "starting"
    assert prediction.model == LLM and prediction.input == {"prompt": "hi"}
    assert prediction.urls["get"].endswith(f"/v1/predictions/{prediction.id}")
    assert fake.creates == [(LLM, {"prompt": "hi"})]
    create = fake.requests[-1]
    assert (create.method, create.path) == ("POST", "/v1/models/openai/gpt-4o-mini/predictions")
    assert create.body == {"input": {"prompt": "hi"}}
    assert "Authorization" not in create.headers and TOKEN not in json.dumps(create.headers)


def test_a_poll_finishes_the_prediction_with_output_and_metrics(client):
    prediction = client.predictions.create(model=LLM, input={"prompt": "Return exactly 4 prompts."})
    prediction.reload()

    assert prediction.status == "succeeded"
    assert len(json.loads("".join(prediction.output))["scenes"]) == 4
    assert len(prediction.output) > 1  # chunks, like a streaming LLM
    assert prediction.metrics["predict_time"] >= 0


def test_create_by_version_uses_the_same_responder(fake, client):
    prediction = client.predictions.create(f"{LLM}:abc123", {"prompt": "x"})

    assert client.predictions.get(prediction.id).status == "succeeded"
    assert fake.requests[-2].path == "/v1/predictions"


def test_cancel_stops_a_hanging_prediction(fake, client):
    fake.script(VIDEO, hang())
    prediction = client.predictions.create(model=VIDEO, input={"prompt": "x"})
    for _ in range(3):
        prediction.reload()
    assert prediction.status == "processing"

    prediction.cancel()

    assert prediction.status == "canceled"
    assert fake.cancels == [prediction.id]
    assert client.predictions.get(prediction.id).status == "canceled"


def test_path_inputs_are_uploaded_and_resolved_to_the_stored_bytes(fake, client, tmp_path):
    song = make_tone(tmp_path / "song.wav", 0.5)

    prediction = client.predictions.create(model=VIDEO, input={"audio": song, "prompt": "x"})

    upload = fake.uploads[0]
    assert upload.name == "song.wav" and upload.size == song.stat().st_size
    assert prediction.input["audio"].endswith(f"/v1/files/{upload.id}")
    model, sent = fake.creates[0]
    assert sent["audio"].read_bytes() == song.read_bytes()
    assert client.files.get(upload.id).size == upload.size
    download = client._client.get(f"/v1/files/{upload.id}/download")
    assert download.content == song.read_bytes()


def test_a_wrong_token_gets_401(fake):
    wrong = replicate.Client(api_token="r8_wrong0000000000", base_url=fake.base_url)
    try:
        with pytest.raises(ReplicateError) as caught:
            wrong.predictions.create(model=LLM, input={})
    finally:
        wrong._client.close()
    assert caught.value.status == 401
    assert fake.creates == []


def test_an_unknown_model_is_404(client):
    with pytest.raises(ReplicateError) as caught:
        client.predictions.create(model="nobody/nothing", input={})
    assert caught.value.status == 404


def test_rejected_creates_make_nothing_until_the_script_runs_out(fake, client):
    fake.script(VIDEO, reject(500, times=2))
    for _ in range(2):
        with pytest.raises(ReplicateError) as caught:
            client.predictions.create(model=VIDEO, input={})
        assert caught.value.status == 500
    client.predictions.create(model=VIDEO, input={})

    assert fake.create_attempts == 3 and len(fake.creates) == 1


def test_a_throttled_create_says_when_to_retry(fake):
    fake.script(VIDEO, reject(429, retry_after=1, detail="slow down"))
    answer = httpx.post(f"{fake.base_url}/v1/models/{VIDEO}/predictions", json={"input": {}},
                        headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)

    assert answer.status_code == 429 and answer.headers["Retry-After"] == "1"
    assert answer.json()["detail"] == "slow down"


def test_failed_slow_and_broken_predictions(fake, client):
    fake.script(VIDEO, fail("CUDA out of memory"), slow(3), broken_output())
    failed = client.predictions.create(model=VIDEO, input={})
    failed.reload()
    assert (failed.status, failed.error) == ("failed", "CUDA out of memory")

    slow_one = client.predictions.create(model=VIDEO, input={"duration": 1})
    statuses = []
    for _ in range(3):
        slow_one.reload()
        statuses.append(slow_one.status)
    assert statuses == ["processing", "processing", "succeeded"]

    broken = client.predictions.create(model=VIDEO, input={})
    broken.reload()
    assert broken.status == "succeeded" and fetch(broken.output).status_code == 404


def test_flaky_polls_5xx_are_retried_by_the_client_only_for_503(fake, client):
    fake.script(VIDEO, flaky_polls(500), flaky_polls(503, times=2))
    first = client.predictions.create(model=VIDEO, input={"duration": 1})
    with pytest.raises(ReplicateError) as caught:
        first.reload()
    assert caught.value.status == 500

    second = client.predictions.create(model=VIDEO, input={"duration": 1})
    second.reload()  # the client's transport retried the two 503s by itself
    assert second.status == "succeeded"
    gets = [r for r in fake.requests if r.path == f"/v1/predictions/{second.id}"]
    assert len(gets) == 3


def test_a_responder_that_raises_fails_the_prediction(fake, client):
    fake.respond(VIDEO, lambda input, files: 1 / 0)
    prediction = client.predictions.create(model=VIDEO, input={})
    prediction.reload()
    assert prediction.status == "failed" and "division by zero" in prediction.error


def test_video_and_image_responders_serve_real_media(fake, client, tmp_path):
    fake.respond("black-forest-labs/flux-schnell", image_png())
    clip = client.predictions.create(model=VIDEO, input={"duration": 1.5})
    image = client.predictions.create(model="black-forest-labs/flux-schnell", input={})
    clip.reload()
    image.reload()

    saved = tmp_path / "clip.mp4"
    saved.write_bytes(fetch(clip.output).content)
    info = probe(saved)
    assert (info.width, info.height) == (320, 180) and info.duration == pytest.approx(1.5, 0.1)
    assert fetch(image.output).content.startswith(b"\x89PNG")


def test_lipsync_muxes_uploaded_audio_onto_a_video_url(fake, client, tmp_path):
    fake.respond("sync/lipsync-2-pro", lipsync_mux())
    clip = make_clip(fake.output_dir / "source.mp4", 2, with_audio=False)
    song = make_tone(tmp_path / "song.wav", 1.0)
    video_url = f"{fake.base_url}/outputs/{clip.name}"

    prediction = client.predictions.create(model="sync/lipsync-2-pro",
                                           input={"video": video_url, "audio": song})
    prediction.reload()

    assert prediction.status == "succeeded", prediction.error
    saved = tmp_path / "synced.mp4"
    saved.write_bytes(fetch(prediction.output).content)
    info = probe(saved)
    assert info.has_video and info.has_audio
    assert info.duration == pytest.approx(1.0, abs=0.15)


def test_the_client_finds_the_fake_through_replicate_base_url(fake, monkeypatch):
    monkeypatch.setenv("REPLICATE_BASE_URL", fake.base_url)
    monkeypatch.setenv("REPLICATE_API_TOKEN", TOKEN)
    api = replicate.Client()
    try:
        api.predictions.create(model=LLM, input={"prompt": "x"})
    finally:
        api._client.close()
    assert len(fake.creates) == 1
