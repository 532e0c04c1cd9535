"""POST /api/mv/lipsync on the preview backend: validation, id lookup, history, re-stitch."""
from __future__ import annotations

import pytest

from tests.support.api import create_generation, planned, run_job, upload_song
from tests.support.jobs import wait_for_job
from tests.support.media import make_clip, make_tone


@pytest.fixture
def card(client, tmp_path):
    """A generation with a 20 s song, 3 scenes, a clip on scene 1 and a first stitch."""
    song = upload_song(client, make_tone(tmp_path / "song.wav", 20.0)).json
    generation = planned(client, audio_id=song["id"])
    scenes = generation["scenes"]
    clip = run_job(client, "/api/mv/generate_video", {"scene_id": scenes[1]["id"]})
    run_job(client, "/api/mv/stitch_video", {"video_ids": [clip["result"]["video_id"]],
                                             "audio_overlay_id": song["id"],
                                             "suppress_video_audio": False,
                                             "generation_id": generation["id"]})
    return {"generation": generation, "song": song, "scene": scenes[1],
            "clip_id": clip["result"]["video_id"]}


def lipsync(client, body):
    return client.post("/api/mv/lipsync", json=body)


def test_lipsync_by_ids_joins_the_scene_and_restitches(client, card):
    response = lipsync(client, {"video_id": card["clip_id"], "audio_id": card["song"]["id"],
                                "start_time": 8, "end_time": 16})
    assert response.status_code == 202
    job = wait_for_job(client, response.json["job_id"])
    assert job["status"] == "succeeded", job
    assert job["kind"] == "lipsync" and job["scene_id"] == card["scene"]["id"]
    new = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert new["kind"] == "lipsync" and new["parent_id"] == card["clip_id"]
    assert new["details"]["start_time"] == 8 and new["details"]["end_time"] == 16
    assert new["details"]["audio_id"] == card["song"]["id"]
    assert new["duration"] == pytest.approx(8.0, abs=0.1) and new["has_audio"]
    scene = client.get(f"/api/mv/generations/{card['generation']['id']}").json["scenes"][1]
    assert scene["video_ids"] == [card["clip_id"], new["id"]]  # the old clip stays in history
    assert scene["current_video_id"] == new["id"]
    # The re-stitch started by itself, with the first stitch's audio parameters unchanged.
    stitch = wait_for_job(client, job["result"]["stitch_job_id"])
    assert stitch["status"] == "succeeded"
    generation = client.get(f"/api/mv/generations/{card['generation']['id']}").json
    assert generation["final_video_id"] == stitch["result"]["video_id"]
    assert generation["stitch_params"] == {"audio_overlay_id": card["song"]["id"],
                                           "suppress_video_audio": False}
    final = client.get(f"/api/mv/get_video/{generation['final_video_id']}").json
    assert final["details"]["video_ids"] == [new["id"]]


def test_only_start_means_one_clip_from_there_capped_at_the_song(client, card):
    job = wait_for_job(client, lipsync(client, {
        "video_id": card["clip_id"], "audio_id": card["song"]["id"],
        "start_time": 16}).json["job_id"])
    details = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json["details"]
    assert (details["start_time"], details["end_time"]) == (16, 20.0)  # not 24: the song ends


def test_end_a_hair_past_the_song_is_accepted_and_clamped(client, card):
    job = wait_for_job(client, lipsync(client, {
        "video_id": card["clip_id"], "audio_id": card["song"]["id"],
        "start_time": 16, "end_time": 20.2}).json["job_id"])
    assert job["status"] == "succeeded"
    details = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json["details"]
    assert details["end_time"] == 20.0


def test_ids_win_over_urls(client, card):
    response = lipsync(client, {"video_id": card["clip_id"], "video_url": "file:///etc/passwd",
                                "audio_id": card["song"]["id"], "audio_url": "ftp://x/y"})
    assert response.status_code == 202
    assert wait_for_job(client, response.json["job_id"])["status"] == "succeeded"


def test_a_clip_outside_any_scene_by_url(make_app, media_server, tmp_path):
    root, base = media_server
    make_clip(root / "clip.mp4", 3.0, 320, 180, 24)
    make_tone(root / "song.mp3", 10.0)
    client = make_app(MV_ALLOW_PRIVATE_URLS=True).test_client()
    job = wait_for_job(client, client.post("/api/mv/lipsync", json={
        "video_url": f"{base}/clip.mp4", "audio_url": f"{base}/song.mp3",
        "start_time": 2, "end_time": 5}).json["job_id"])
    assert job["status"] == "succeeded", job
    assert job["result"]["stitch_job_id"] is None  # no generation: nothing to re-stitch
    video = client.get(f"/api/mv/get_video/{job['result']['video_id']}").json
    assert video["scene_id"] is None and video["parent_id"] is None
    assert video["duration"] == pytest.approx(3.0, abs=0.1)


def test_a_broken_url_fails_the_job_and_loses_nothing(make_app, media_server, tmp_path):
    root, base = media_server
    client = make_app(MV_ALLOW_PRIVATE_URLS=True).test_client()
    job = wait_for_job(client, client.post("/api/mv/lipsync", json={
        "video_url": f"{base}/missing.mp4", "audio_url": f"{base}/missing.mp3"}).json["job_id"])
    assert job["status"] == "failed"
    assert "could not download the video at video_url (HTTP 404)" in job["error"]


VALIDATION = [
    ({}, 400, "send video_id (a clip of MV Studio) or video_url"),
    ({"video_id": "CLIP"}, 400, "send audio_id (a song of MV Studio) or audio_url"),
    ({"video_id": "nope", "audio_id": "SONG"}, 404, "no video with id 'nope'"),
    ({"video_id": "CLIP", "audio_id": "nope"}, 404, "no audio with id 'nope'"),
    ({"video_id": ["CLIP"], "audio_id": "SONG"}, 400, "video_id must be an id"),
    ({"video_url": "file:///etc/passwd", "audio_id": "SONG"}, 400, "video_url must be an http(s)"),
    ({"video_id": "CLIP", "audio_url": "ftp://x/a.wav"}, 400, "audio_url must be an http(s)"),
    ({"video_url": "http://127.0.0.1/x.mp4", "audio_id": "SONG"}, 400, "private or local"),
    ({"video_url": "http://169.254.169.254/x", "audio_id": "SONG"}, 400, "private or local"),
    ({"video_id": "CLIP", "audio_id": "SONG", "start_time": "soon"}, 400,
     "start_time must be a number of seconds"),
    ({"video_id": "CLIP", "audio_id": "SONG", "start_time": -1}, 400, "start_time must be 0 or more"),
    ({"video_id": "CLIP", "audio_id": "SONG", "end_time": float("nan")}, 400,
     "end_time must be a finite number"),
    ({"video_id": "CLIP", "audio_id": "SONG", "start_time": True}, 400,
     "start_time must be a number"),
    ({"video_id": "CLIP", "audio_id": "SONG", "start_time": 8, "end_time": 8}, 400,
     "end_time (8 s) must be after start_time (8 s)"),
    ({"video_id": "CLIP", "audio_id": "SONG", "start_time": 30}, 400,
     "start_time (30 s) is past the end of the audio (20.00 s)"),
    ({"video_id": "CLIP", "audio_id": "SONG", "start_time": 8, "end_time": 21}, 400,
     "end_time (21 s) is past the end of the audio (20.00 s)"),
    ({"video_id": "CLIP", "audio_id": "SONG", "config_flavor": "noir"}, 400,
     "unknown config flavor 'noir'"),
    ({"video_id": "FINAL", "audio_id": "SONG"}, 400, "not on a stitched video"),
]


@pytest.fixture
def quick_card(client, app, tmp_path):
    """Like `card`, but with small clips saved directly (validation needs no renders)."""
    from app import db
    from app.models import Scene
    from app.videos.clips import add_clip_to_scene
    from app.videos.records import save_video

    song = upload_song(client, make_tone(tmp_path / "song.wav", 20.0)).json
    generation = planned(client, audio_id=song["id"])
    scene = generation["scenes"][1]
    with app.app_context():
        clip = save_video(make_clip(tmp_path / "c.mp4", 1.0), kind="generated",
                          provider="preview", scene_id=scene["id"],
                          generation_id=generation["id"])
        add_clip_to_scene(db.session().get(Scene, scene["id"]), clip.id)
        final = save_video(make_clip(tmp_path / "f.mp4", 1.0), kind="stitched", provider="local",
                           generation_id=generation["id"])
        db.session().commit()
        return {"generation": generation, "song": song, "scene": scene, "clip_id": clip.id,
                "final_id": final.id}


@pytest.mark.parametrize("body, status, message", VALIDATION)
def test_validation(client, quick_card, body, status, message):
    card = quick_card
    names = {"CLIP": card["clip_id"], "SONG": card["song"]["id"], "FINAL": card["final_id"]}
    body = {key: names.get(value, value) if isinstance(value, str) else value
            for key, value in body.items()}
    response = lipsync(client, body)
    assert response.status_code == status, response.json
    assert message in response.json["error"]
    scene = client.get(f"/api/mv/generations/{card['generation']['id']}").json["scenes"][1]
    assert scene["video_ids"] == [card["clip_id"]]  # a refused request changes nothing


def test_a_busy_scene_refuses_a_lipsync(make_app, tmp_path):
    from tests.support.jobs import hold_the_runner

    app = make_app(MV_JOB_WORKERS=1)
    client = app.test_client()
    song = upload_song(client, make_tone(tmp_path / "song.wav", 10.0)).json
    generation = create_generation(client, audio_id=song["id"])
    run_job(client, "/api/mv/create_scenes", {"generation_id": generation["id"]})
    scene = client.get(f"/api/mv/generations/{generation['id']}").json["scenes"][0]
    clip = run_job(client, "/api/mv/generate_video", {"scene_id": scene["id"]})
    with hold_the_runner(app):
        first = lipsync(client, {"video_id": clip["result"]["video_id"], "audio_id": song["id"]})
        second = client.post("/api/mv/generate_video", json={"scene_id": scene["id"]})
        assert first.status_code == 202 and second.status_code == 409
    wait_for_job(client, first.json["job_id"])


def test_a_url_song_shorter_than_the_start_fails_the_job_saying_so(make_app, media_server):
    root, base = media_server
    make_clip(root / "clip.mp4", 2.0)
    make_tone(root / "song.mp3", 10.0)
    client = make_app(MV_ALLOW_PRIVATE_URLS=True).test_client()
    job = wait_for_job(client, client.post("/api/mv/lipsync", json={
        "video_url": f"{base}/clip.mp4", "audio_url": f"{base}/song.mp3",
        "start_time": 30}).json["job_id"])
    assert job["status"] == "failed"
    assert "start_time (30 s) is past the end of the audio" in job["error"]
