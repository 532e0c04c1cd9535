"""Kill the real server while clip, lipsync and stitch jobs run, then start it again.

Jobs waiting on a prediction resume polling it (the fake Replicate sees exactly one create
per clip); the local stitch that never started is marked interrupted and can be retried.
"""
from __future__ import annotations

import shutil

import pytest
import requests

from tests.conftest import PROJECT_ROOT
from tests.support.fake_replicate import held
from tests.support.media import make_tone
from tests.support.process import ServerProcess
from tests.support.replicate_fixtures import TOKEN

VIDEO, LIPSYNC = "google/veo-3.1-fast", "sync/lipsync-2-pro"


@pytest.fixture
def env(fake, tmp_path):
    shutil.copytree(PROJECT_ROOT / "configs", tmp_path / "configs")
    return {"MV_BACKEND": "replicate", "REPLICATE_API_TOKEN": TOKEN,
            "REPLICATE_BASE_URL": fake.base_url, "SECRET_KEY": "restart-test",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'mv.sqlite3'}",
            "MV_MEDIA_DIR": str(tmp_path / "media"), "MV_CONFIG_DIR": str(tmp_path / "configs")}


def job(server, job_id):
    return server.get(f"/api/mv/jobs/{job_id}")


def finished(server, job_id):
    state = job(server, job_id)
    return state if state["status"] in ("succeeded", "failed") else None


def test_a_crash_neither_loses_nor_repays_anything(env, fake, tmp_path):
    server = ServerProcess(env, tmp_path / "server.log")
    try:
        song = make_tone(tmp_path / "song.wav", 24.0)
        with song.open("rb") as handle:
            audio = requests.post(f"{server.url}/api/audio/upload",
                                  files={"file": ("song.wav", handle)}, timeout=30).json()
        _, generation = server.post("/api/mv/generations", {
            "video_description": "three friends on a road trip", "audio_id": audio["id"]})
        _, plan = server.post("/api/mv/create_scenes", {"generation_id": generation["id"]})
        server.wait_for(lambda: finished(server, plan["job_id"]), "the scene plan")
        scenes = server.get(f"/api/mv/generations/{generation['id']}")["scenes"]
        _, first = server.post("/api/mv/generate_video", {"scene_id": scenes[0]["id"]})
        first_clip = server.wait_for(lambda: finished(server, first["job_id"]), "clip 1")
        assert first_clip["status"] == "succeeded"

        fake.script(VIDEO, held(), held())
        fake.script(LIPSYNC, held())
        clip_jobs = [server.post("/api/mv/generate_video", {"scene_id": scene["id"]})[1]["job_id"]
                     for scene in scenes[1:]]
        _, lipsync = server.post("/api/mv/lipsync", {
            "video_id": first_clip["result"]["video_id"], "audio_id": audio["id"],
            "start_time": 0, "end_time": 8})
        paid = clip_jobs + [lipsync["job_id"]]
        # every paid job has its prediction id on record before we pull the plug
        server.wait_for(lambda: all(job(server, j)["external_id"] for j in paid),
                        "prediction ids")
        _, stitch = server.post("/api/mv/stitch_video", {
            "video_ids": [first_clip["result"]["video_id"]], "generation_id": generation["id"]})
        assert job(server, stitch["job_id"])["status"] == "queued"  # 3 workers, all busy
        creates_before = len(fake.creates)
        server.kill()
    except BaseException:
        server.stop()
        raise

    fake.release()  # the predictions finish while MV Studio is down
    restarted = ServerProcess(env, tmp_path / "server.log")
    try:
        for job_id in paid:
            state = restarted.wait_for(lambda: finished(restarted, job_id), f"job {job_id}")
            assert state["status"] == "succeeded", state
        assert len(fake.creates) == creates_before  # resumed polling; paid nothing twice
        models = [model for model, _ in fake.creates]
        assert models.count(VIDEO) == 3 and models.count(LIPSYNC) == 1  # one per clip
        interrupted = job(restarted, stitch["job_id"])
        assert interrupted["status"] == "failed"
        assert "interrupted by restart" in interrupted["error"]
        status, retried = restarted.post(f"/api/mv/jobs/{stitch['job_id']}/retry", {})
        assert status == 202
        again = restarted.wait_for(lambda: finished(restarted, retried["job_id"]), "the retry")
        assert again["status"] == "succeeded"
        body = restarted.get(f"/api/mv/generations/{generation['id']}")
        assert all(scene["current_video_id"] for scene in body["scenes"])
        assert len(body["scenes"][0]["video_ids"]) == 2  # the clip and its lipsync
        assert body["paid_calls"]["count"] == 5  # plan, 3 clips, 1 lipsync: once each
    finally:
        restarted.stop()
