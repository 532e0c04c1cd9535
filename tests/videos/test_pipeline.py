"""Clips and stitching on the preview backend: real renders, real ffmpeg, real SQLite."""
from __future__ import annotations

import pytest

from tests.support.api import create_generation, run_job, upload_song
from tests.support.jobs import hold_the_runner, wait_for_job
from tests.support.media import decode_audio, decode_errors, make_clip, make_tone, tone_level


@pytest.fixture
def planned(client, tmp_path):
    """A generation with a 20 s song (880 Hz tone) and its 3 scenes."""
    song = upload_song(client, make_tone(tmp_path / "song.wav", 20.0, freq=880)).json
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    return client.get(f"/api/mv/generations/{generation['id']}").json


def media_file(client, url, path):
    response = client.get(url)
    path.write_bytes(response.data)
    response.close()
    return path


def test_a_clip_joins_its_scene_and_becomes_current(client, planned, tmp_path):
    scene = planned["scenes"][1]
    job = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    video = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert video["kind"] == "generated" and video["provider"] == "preview"
    assert video["scene_id"] == scene["id"] and video["prompt"] == scene["prompt"]
    assert (video["width"], video["height"]) == (1280, 720)
    assert video["duration"] == pytest.approx(8.0, abs=0.1)
    assert decode_errors(media_file(client, video["url"], tmp_path / "c.mp4")) == ""
    second = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    stored = client.get(f"/api/mv/generations/{planned['id']}").json["scenes"][1]
    assert stored["video_ids"] == [video["id"], second["result"]["video_id"]]  # oldest first
    assert stored["current_video_id"] == second["result"]["video_id"]


def test_a_second_clip_request_for_a_busy_scene_is_409(make_app, tmp_path):
    app = make_app(MV_JOB_WORKERS=1)
    client = app.test_client()
    generation = create_generation(client)
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    with hold_the_runner(app):
        first = client.post("/api/mv/generate_video", json={"scene_id": scene["id"]})
        second = client.post("/api/mv/generate_video", json={"scene_id": scene["id"]})
        assert first.status_code == 202
        assert second.status_code == 409
        assert second.json == {"error": "a clip for this scene is already being made",
                               "job_id": first.json["job_id"]}
    wait_for_job(client, first.json["job_id"])
    stored = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    assert len(stored["video_ids"]) == 1  # one request, one clip


def test_generate_all_clips_then_stitch_with_the_song(client, planned, tmp_path):
    response = client.post("/api/mv/generate_videos", json={"generation_id": planned["id"]})
    assert response.status_code == 202
    assert len(response.json["job_ids"]) == 3 and response.json["busy_scene_ids"] == []
    for job_id in response.json["job_ids"]:
        assert wait_for_job(client, job_id, 120)["status"] == "succeeded"
    scenes = client.get(f"/api/mv/generations/{planned['id']}").json["scenes"]
    clip_ids = [scene["current_video_id"] for scene in scenes]
    assert all(clip_ids)

    job = run_job(client, "/api/mv/stitch_video",
                  {"video_ids": clip_ids, "audio_overlay_id": planned["audio_id"],
                   "suppress_video_audio": True, "generation_id": planned["id"]})
    final = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert final["kind"] == "stitched"
    # 3 clips x 8 s = 24 s of pictures, but the video ends with the 20 s song
    assert final["duration"] == pytest.approx(20.0, abs=0.15)
    assert final["details"]["normalised_clips"] == []  # matching previews: stream copy
    path = media_file(client, final["url"], tmp_path / "final.mp4")
    assert decode_errors(path) == ""
    rate, samples = decode_audio(path, tmp_path / "final.wav")
    first_15s = samples[: rate * 15]
    assert tone_level(first_15s, rate, 880) > 1000  # the song is what you hear
    assert tone_level(first_15s, rate, 220) < 200  # the previews' own tone is muted
    generation = client.get(f"/api/mv/generations/{planned['id']}").json
    assert generation["final_video_id"] == final["id"]
    assert generation["stitch_params"] == {"audio_overlay_id": planned["audio_id"],
                                           "suppress_video_audio": True}


def test_stitch_normalises_only_a_mismatched_clip(client, app, planned, tmp_path):
    from app import db
    from app.videos.records import save_video

    ids = [run_job(client, "/api/mv/generate_video",
                   {"scene_id": scene["id"]})["result"]["video_id"]
           for scene in planned["scenes"][:2]]
    odd = make_clip(tmp_path / "odd.mp4", 3.0, 640, 360, 30, with_audio=False)
    with app.app_context():
        odd_id = save_video(odd, kind="lipsync", provider="preview").id
        db.session().commit()
    job = run_job(client, "/api/mv/stitch_video", {"video_ids": [ids[0], odd_id, ids[1]]})
    final = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert final["details"]["normalised_clips"] == [1]
    assert final["duration"] == pytest.approx(19.0, abs=0.2)
    assert (final["width"], final["height"]) == (1280, 720)
    assert decode_errors(media_file(client, final["url"], tmp_path / "f.mp4")) == ""


@pytest.mark.parametrize("body, status, message", [
    ({}, 400, "video_ids must be a non-empty list"),
    ({"video_ids": []}, 400, "video_ids must be a non-empty list"),
    ({"video_ids": "abc"}, 400, "video_ids must be a non-empty list"),
    ({"video_ids": [1, 2]}, 400, "video_ids must be a non-empty list"),
    ({"video_ids": ["nope"]}, 404, "no video with id 'nope'"),
    ({"video_ids": ["x"] * 501}, 400, "at most 500 clips"),
])
def test_bad_stitch_requests(client, body, status, message):
    response = client.post("/api/mv/stitch_video", json=body)
    assert response.status_code == status and message in response.json["error"]


def test_stitch_checks_the_song_the_flavor_and_the_flag(client, planned):
    clip = run_job(client, "/api/mv/generate_video",
                   {"scene_id": planned["scenes"][0]["id"]})["result"]["video_id"]
    cases = [({"audio_overlay_id": "nope"}, 404, "no audio"),
             ({"suppress_video_audio": "yes"}, 400, "suppress_video_audio must be true or false"),
             ({"generation_id": "nope"}, 404, "no generation"),
             ({"config_flavor": "noir"}, 400, "unknown config flavor")]
    for extra, status, message in cases:
        response = client.post("/api/mv/stitch_video", json={"video_ids": [clip], **extra})
        assert response.status_code == status and message in response.json["error"], extra


@pytest.mark.parametrize("url, body, status, message", [
    ("/api/mv/generate_video", {}, 400, "scene_id is required"),
    ("/api/mv/generate_video", {"scene_id": "nope"}, 404, "no scene"),
    ("/api/mv/generate_videos", {"generation_id": "nope"}, 404, "no generation"),
])
def test_bad_clip_requests(client, url, body, status, message):
    response = client.post(url, json=body)
    assert response.status_code == status and message in response.json["error"]


def test_generate_all_needs_scenes(client):
    generation = create_generation(client)
    response = client.post("/api/mv/generate_videos", json={"generation_id": generation["id"]})
    assert response.status_code == 400 and "no scenes yet" in response.json["error"]
