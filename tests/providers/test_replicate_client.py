"""The Replicate gateway against the fake server: retries that never pay twice, deadlines,
downloads and error messages a user can act on (without the API token in them)."""
from __future__ import annotations

import gc
import json
import socket
import time

import httpx
import pytest
import replicate.model

from app.media.probe import probe
from app.providers.replicate_client import (ReplicateFailure, ReplicateGateway, output_text,
                                            output_urls)
from tests.support.fake_replicate import (FakeReplicate, broken_output, fail, flaky_polls, hang,
                                          lipsync_mux, llm_json_scenes, reject, slow, video_clip)
from tests.support.media import make_clip, make_tone

TOKEN = "r8_PlantedToken0123456789abcdef"
LLM = "openai/gpt-4o-mini"
VIDEO = "google/veo-3.1-fast"
LIPSYNC = "sync/lipsync-2-pro"


@pytest.fixture
def fake(tmp_path):
    with FakeReplicate(token=TOKEN, output_dir=tmp_path / "fake") as server:
        server.respond(LLM, llm_json_scenes())
        server.respond(VIDEO, video_clip(seconds=1))
        server.respond(LIPSYNC, lipsync_mux())
        yield server


@pytest.fixture
def make_gateway(fake):
    made = []

    def factory(**overrides):
        settings = dict(api_token=TOKEN, base_url=fake.base_url, poll_interval=0.01,
                        backoff=0.01, create_retries=3)
        made.append(ReplicateGateway(**{**settings, **overrides}))
        return made[-1]

    yield factory
    for gateway in made:
        gateway.close()


@pytest.fixture
def gateway(make_gateway):
    return make_gateway()


def video_run(gateway, **kwargs):
    kwargs.setdefault("deadline_seconds", 10)
    return gateway.run(VIDEO, {"prompt": "a dancer", "duration": 1}, label="the video model",
                       **kwargs)


def test_a_run_creates_once_reports_the_id_before_polling_and_downloads(fake, gateway, tmp_path):
    seen = []

    def on_created(prediction_id):
        polls = [r for r in fake.requests if r.method == "GET" and prediction_id in r.path]
        seen.append((prediction_id, len(polls)))

    output = video_run(gateway, on_created=on_created)

    assert fake.creates == [(VIDEO, {"prompt": "a dancer", "duration": 1})]
    prediction_id = seen[0][0]
    assert seen == [(prediction_id, 0)]  # called once, before the first poll
    assert fake.prediction_status(prediction_id) == "succeeded"
    clip = gateway.download(output, tmp_path / "clips" / "one.mp4")
    assert probe(clip).duration == pytest.approx(1, abs=0.1)
    assert [p.name for p in clip.parent.iterdir()] == ["one.mp4"]


def test_wait_returns_metrics_and_reports_progress(fake, gateway):
    fake.script(VIDEO, slow(4))
    prediction_id = gateway.create(VIDEO, {"duration": 1})
    seen = []

    result = gateway.wait(prediction_id, deadline_seconds=10,
                          on_progress=lambda status, percent: seen.append((status, percent)))

    assert result.status == "succeeded" and result.predict_time is not None
    assert seen == [("processing", 25), ("processing", 50), ("processing", 75)]


def test_local_files_are_uploaded_with_identical_bytes(fake, gateway, tmp_path):
    clip = make_clip(tmp_path / "clip.mp4", 1, with_audio=False)
    song = make_tone(tmp_path / "slice.wav", 0.8)

    output = gateway.run(LIPSYNC, {"video": clip, "audio": song}, deadline_seconds=10)

    _, sent = fake.creates[0]
    assert sent["video"].read_bytes() == clip.read_bytes()
    assert sent["audio"].read_bytes() == song.read_bytes()
    assert sorted(u.name for u in fake.uploads) == ["clip.mp4", "slice.wav"]
    synced = probe(gateway.download(output, tmp_path / "synced.mp4"))
    assert synced.has_audio and synced.duration == pytest.approx(0.8, abs=0.15)


def test_a_500_on_create_is_retried_and_makes_one_prediction(fake, gateway):
    fake.script(VIDEO, reject(500))
    assert output_urls(video_run(gateway))
    assert fake.create_attempts == 2 and len(fake.creates) == 1


def test_a_502_that_persists_gives_up_and_says_nothing_was_charged(fake, gateway):
    fake.script(VIDEO, reject(502, times=4))
    with pytest.raises(ReplicateFailure) as caught:
        video_run(gateway)
    assert fake.create_attempts == 4 and fake.creates == []
    assert caught.value.status == 502
    assert "(HTTP 502) after 4 attempts; nothing was charged" in caught.value.message


def test_a_429_waits_for_retry_after_then_retries(fake, gateway):
    fake.script(VIDEO, reject(429, retry_after=1))
    started = time.monotonic()
    video_run(gateway)
    assert time.monotonic() - started >= 0.9
    assert fake.create_attempts == 2 and len(fake.creates) == 1


def test_a_422_is_not_retried_and_passes_on_the_detail(fake, gateway):
    fake.script(VIDEO, reject(422, detail="duration must be one of 4, 6, 8"))
    with pytest.raises(ReplicateFailure) as caught:
        video_run(gateway)
    assert fake.create_attempts == 1
    assert caught.value.message == ("Replicate refused the request for the video model "
                                    "(HTTP 422): duration must be one of 4, 6, 8")


def test_a_read_timeout_after_sending_a_create_is_not_retried(gateway, monkeypatch):
    calls = []

    def timed_out(*args, **kwargs):
        calls.append(1)
        raise httpx.ReadTimeout("timed out")

    monkeypatch.setattr(replicate.model.ModelsPredictions, "create", timed_out)
    with pytest.raises(ReplicateFailure, match="may have been created and charged"):
        video_run(gateway)
    assert len(calls) == 1


def test_no_connection_is_retried_then_reported(make_gateway):
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        closed_port = probe_socket.getsockname()[1]
    gateway = make_gateway(base_url=f"http://127.0.0.1:{closed_port}")
    with pytest.raises(ReplicateFailure, match=r"\(ConnectError\) after 4 attempts; nothing"):
        video_run(gateway)


def test_a_failed_prediction_says_why(fake, gateway):
    fake.script(VIDEO, fail("CUDA out of memory"))
    with pytest.raises(ReplicateFailure) as caught:
        video_run(gateway)
    assert caught.value.message == "the video model failed: CUDA out of memory"


def test_a_prediction_past_its_deadline_is_cancelled(fake, gateway):
    fake.script(VIDEO, hang())
    with pytest.raises(ReplicateFailure) as caught:
        video_run(gateway, deadline_seconds=0.1)
    prediction_id = fake.cancels[0]
    assert fake.prediction_status(prediction_id) == "canceled"
    assert caught.value.message == ("the video model did not finish within 0.1 s; "
                                    "the prediction was cancelled")


def test_transient_poll_errors_are_retried(fake, gateway):
    fake.script(VIDEO, flaky_polls(502, times=3))
    assert output_urls(video_run(gateway))


def test_resuming_waits_on_the_stored_prediction_without_creating_another(fake, gateway):
    prediction_id = gateway.create(VIDEO, {"duration": 1})
    created = []

    output = video_run(gateway, resume_id=prediction_id, on_created=created.append)

    assert len(fake.creates) == 1 and fake.create_attempts == 1
    assert created == [] and output_urls(output)


def test_an_expired_output_url_gives_a_clear_download_error(fake, gateway, tmp_path):
    fake.script(VIDEO, broken_output())
    output = video_run(gateway)
    with pytest.raises(ReplicateFailure) as caught:
        gateway.download(output, tmp_path / "clip.mp4")
    assert caught.value.message.startswith("could not download the model's output (HTTP 404)")
    assert list(tmp_path.glob("*clip.mp4*")) == []


def test_a_download_over_the_limit_is_refused(make_gateway, tmp_path):
    gateway = make_gateway(max_download_bytes=1000)
    output = video_run(gateway)
    with pytest.raises(ReplicateFailure, match="larger than"):
        gateway.download(output, tmp_path / "clip.mp4")
    assert list(tmp_path.glob("*clip.mp4*")) == []


def test_llm_chunks_are_joined_into_the_answer(gateway):
    output = gateway.run(LLM, {"prompt": "Return exactly 4 prompts."}, deadline_seconds=10)
    assert isinstance(output, list) and len(output) > 1
    assert len(json.loads(output_text(output))["scenes"]) == 4


@pytest.mark.parametrize("output, urls", [
    ("https://x/a.mp4", ["https://x/a.mp4"]),
    (["https://x/a.png", "https://x/b.png"], ["https://x/a.png", "https://x/b.png"]),
    (["Scene", " one"], []),
    (None, []),
])
def test_output_urls(output, urls):
    assert output_urls(output) == urls


@pytest.mark.parametrize("step", [
    fail(f"could not authenticate with Bearer {TOKEN}"),
    reject(422, detail=f"bad input; token {TOKEN}"),
    reject(403, detail=f"token r8_{'x' * 20} has no access"),
])
def test_the_token_never_reaches_an_error_message(fake, gateway, step):
    fake.script(VIDEO, step)
    with pytest.raises(ReplicateFailure) as caught:
        video_run(gateway)
    assert TOKEN not in str(caught.value) and "r8_" not in str(caught.value)
    assert "[redacted]" in str(caught.value)


def test_a_wrong_token_is_reported_without_showing_it(make_gateway):
    planted = "r8_PlantedWrongToken987654321"
    with pytest.raises(ReplicateFailure) as caught:
        video_run(make_gateway(api_token=planted))
    assert "HTTP 401" in str(caught.value) and planted not in str(caught.value)


def test_without_a_token_it_says_how_to_set_one(make_gateway):
    with pytest.raises(ReplicateFailure, match="REPLICATE_API_TOKEN"):
        video_run(make_gateway(api_token=None))


def test_the_environment_configures_the_gateway(fake, monkeypatch):
    monkeypatch.setenv("REPLICATE_API_TOKEN", TOKEN)
    monkeypatch.setenv("REPLICATE_BASE_URL", fake.base_url)
    with ReplicateGateway(poll_interval=0.01) as gateway:
        assert output_urls(video_run(gateway))
    assert len(fake.creates) == 1


def test_a_gateway_nobody_closed_still_closes_its_sockets(fake, recwarn):
    gateway = ReplicateGateway(api_token=TOKEN, base_url=fake.base_url, poll_interval=0.01)
    video_run(gateway)
    del gateway
    gc.collect()
    assert not [w for w in recwarn if issubclass(w.category, ResourceWarning)]
