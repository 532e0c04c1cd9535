"""Lipsync on the Replicate backend: what reaches the (fake) lipsync model."""
from __future__ import annotations

import wave

import pytest

from tests.support.api import create_generation, run_job, upload_song
from tests.support.fake_replicate import fail
from tests.support.jobs import wait_for_job
from tests.support.media import decode_audio, make_clip, make_tone, make_tone_steps, tone_level

TONES = [300, 600, 900]  # one tone per 8-second scene of the song


@pytest.fixture
def client(make_replicate_app):
    return make_replicate_app(MV_ALLOW_PRIVATE_URLS=True).test_client()


@pytest.fixture
def card(client, tmp_path):
    song = upload_song(client, make_tone_steps(tmp_path / "song.wav", TONES, 8.0)).json
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][1]
    clip = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    return {"generation": generation, "song": song, "scene": scene,
            "clip_id": clip["result"]["video_id"]}


def test_the_slice_sent_is_the_scenes_part_of_the_song(client, fake, card, tmp_path):
    job = run_job(client, "/api/mv/lipsync", {
        "video_id": card["clip_id"], "audio_id": card["song"]["id"],
        "start_time": 8, "end_time": 16})
    model, sent = fake.creates[-1]
    assert model == "sync/lipsync-2-pro"
    assert sent["sync_mode"] == "cut_off" and sent["temperature"] == 0.5
    assert sent["active_speaker"] is True
    with wave.open(str(sent["audio"])) as wav:  # the WAV the model received
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds == pytest.approx(8.0, abs=0.02)
    rate, samples = decode_audio(sent["audio"], tmp_path / "received.wav")
    levels = {freq: tone_level(samples, rate, freq) for freq in TONES}
    assert levels[600] > 10 * max(levels[300], levels[900]), levels  # scene 2's own tone
    assert sent["video"].read_bytes()[4:8] == b"ftyp"  # our clip, uploaded as a file
    assert job["external_id"]
    scene = client.get(f"/api/mv/generations/{card['generation']['id']}").json["scenes"][1]
    assert scene["current_video_id"] == job["result"]["video_id"]
    lipsynced = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert lipsynced["provider"] == "replicate" and lipsynced["kind"] == "lipsync"


def test_urls_are_passed_through_untouched(client, fake, media_server):
    root, base = media_server
    make_clip(root / "clip.mp4", 2.0)
    make_tone(root / "song.wav", 4.0)
    job = run_job(client, "/api/mv/lipsync", {"video_url": f"{base}/clip.mp4",
                                               "audio_url": f"{base}/song.wav"})
    model, sent = fake.creates[-1]
    assert sent["video"] == f"{base}/clip.mp4" and sent["audio"] == f"{base}/song.wav"
    assert not fake.uploads  # nothing uploaded: the model fetches the URLs itself
    assert client.get(f"/api/mv/get_video/{job['result']['video_id']}").json["kind"] == "lipsync"


def test_a_url_song_with_times_is_fetched_and_cut(client, fake, media_server, tmp_path):
    root, base = media_server
    make_clip(root / "clip.mp4", 2.0)
    make_tone_steps(root / "song.wav", TONES, 8.0)
    run_job(client, "/api/mv/lipsync", {"video_url": f"{base}/clip.mp4",
                                         "audio_url": f"{base}/song.wav",
                                         "start_time": 16, "end_time": 24})
    _, sent = fake.creates[-1]
    assert sent["video"] == f"{base}/clip.mp4"
    rate, samples = decode_audio(sent["audio"], tmp_path / "cut.wav")
    assert len(samples) / rate == pytest.approx(8.0, abs=0.02)
    assert tone_level(samples, rate, 900) > 10 * tone_level(samples, rate, 300)


def test_a_failed_lipsync_keeps_the_history_and_the_current_clip(client, fake, card):
    fake.script("sync/lipsync-2-pro", fail("no face detected in the video"))
    response = client.post("/api/mv/lipsync", json={
        "video_id": card["clip_id"], "audio_id": card["song"]["id"],
        "start_time": 8, "end_time": 16})
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "failed" and "no face detected in the video" in job["error"]
    scene = client.get(f"/api/mv/generations/{card['generation']['id']}").json["scenes"][1]
    assert scene["video_ids"] == [card["clip_id"]]
    assert scene["current_video_id"] == card["clip_id"]
    retried = client.post(f"/api/mv/jobs/{job['id']}/retry")
    assert wait_for_job(client, retried.json["job_id"])["status"] == "succeeded"
