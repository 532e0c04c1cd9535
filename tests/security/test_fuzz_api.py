"""Property-based bad input over every JSON endpoint: never a 500, always {"error": ...}.

Random types, missing and extra fields, huge numbers, NaN/inf, unicode and very long
strings; ids drawn from real records and from junk, so both paths get exercised.
"""
from __future__ import annotations

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.api import planned, upload_song
from tests.support.media import make_tone

SEEN = {"requests": 0, "server_errors": 0}
FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.text(min_size=5000, max_size=12000), st.sampled_from(["", "../../etc/passwd", "%2e%2e%2f",
                                                             "file:///etc/passwd", "\x00", "🎵"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)

ENDPOINTS = {
    ("POST", "/api/mv/generations"): ["video_description", "generation_mode", "audio_id",
                                      "config_flavor"],
    ("POST", "/api/mv/create_scenes"): ["generation_id", "config_flavor"],
    ("POST", "/api/mv/regenerate_scene"): ["scene_id", "config_flavor"],
    ("POST", "/api/mv/generate_video"): ["scene_id", "config_flavor"],
    ("POST", "/api/mv/generate_videos"): ["generation_id", "config_flavor"],
    ("POST", "/api/mv/lipsync"): ["video_id", "video_url", "audio_id", "audio_url", "start_time",
                                  "end_time", "config_flavor"],
    ("POST", "/api/mv/stitch_video"): ["video_ids", "audio_overlay_id", "suppress_video_audio",
                                       "generation_id", "config_flavor"],
    ("POST", "/api/audio/youtube"): ["url", "start_time", "end_time"],
    ("PATCH", "/api/mv/scenes/{scene}"): ["prompt"],
}


@pytest.fixture(scope="module", autouse=True)
def report_totals():
    """With -s, say how much was tried and how many 500s were seen (check() fails on any)."""
    yield
    print(f"\nfuzz: {SEEN['requests']} requests, {SEEN['server_errors']} server errors")


@pytest.fixture
def world(make_app, tmp_path):
    """An app with real records, so fuzzed ids sometimes hit something that exists."""
    app = make_app(MV_JOB_WORKERS=1)
    client = app.test_client()
    song = upload_song(client, make_tone(tmp_path / "song.wav", 9.0)).json
    generation = planned(client, audio_id=song["id"])
    return client, {"song": song["id"], "generation": generation["id"],
                    "scene": generation["scenes"][0]["id"]}


def check(response):
    SEEN["requests"] += 1
    if response.status_code >= 500:
        SEEN["server_errors"] += 1
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
    if response.status_code >= 400:
        assert response.is_json and isinstance(response.json.get("error"), str), response.data


def bodies(fields, ids):
    real = st.sampled_from(list(ids.values()))
    field_values = st.one_of(values, real, st.lists(real, max_size=3))
    known = st.dictionaries(st.sampled_from(fields), field_values, max_size=len(fields))
    extra = st.dictionaries(st.text(max_size=10), values, max_size=3)
    return st.one_of(st.builds(lambda a, b: {**b, **a}, known, extra), values)


@pytest.mark.parametrize("method, path", list(ENDPOINTS))
def test_json_endpoints_never_500(world, method, path):
    client, ids = world
    url = path.format(scene=ids["scene"])

    @FUZZ
    @given(body=bodies(ENDPOINTS[(method, path)], ids))
    def run(body):
        check(client.open(url, method=method, json=body))

    run()


@pytest.mark.parametrize("path", ["/api/mv/generations", "/api/mv/lipsync",
                                  "/api/mv/stitch_video", "/api/audio/youtube"])
def test_bodies_that_are_not_json_objects(world, path):
    client, _ = world

    @FUZZ
    @given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)),
           content_type=st.sampled_from(["application/json", "text/plain",
                                         "application/x-www-form-urlencoded", ""]))
    def run(raw, content_type):
        check(client.post(path, data=raw, content_type=content_type))

    run()


@pytest.mark.parametrize("template", ["/api/mv/get_video/{}", "/api/audio/get/{}",
                                      "/api/mv/jobs/{}", "/api/mv/generations/{}",
                                      "/api/mv/config_flavors/{}",
                                      "/api/mv/generations/{}/paid_calls"])
def test_lookups_with_any_id(world, template):
    client, _ = world

    @FUZZ
    @given(segment=st.text(min_size=1, max_size=300))
    def run(segment):
        response = client.get(template.format(quote(segment, safe="")))
        check(response)
        assert response.status_code in (200, 400, 404)

    run()


def test_huge_and_strange_numbers_in_times(world):
    client, ids = world
    for value in (1e308, -1e308, 2**64, float("nan"), float("inf"), -0.0, "1e999", "0x10"):
        response = client.post("/api/mv/lipsync", json={
            "video_id": "none", "audio_id": ids["song"], "start_time": value})
        check(response)
