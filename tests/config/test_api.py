"""The flavor API and the one rule that picks a request's flavor."""
from __future__ import annotations

import pytest

from app.config.resolve import UnknownFlavor, flavor_for_request, resolve_flavor


def test_get_config_flavors_lists_default_first_then_sorted(client, config_dir):
    (config_dir / "aaa").mkdir()
    (config_dir / "aaa" / "video_params.yaml").write_text("clip_seconds: 4\n")
    response = client.get("/api/mv/get_config_flavors")
    assert response.status_code == 200
    assert response.json == {"flavors": ["default", "cinematic", "lofi"], "default": "default"}


def test_new_flavor_folder_appears_after_restart(make_app, config_dir):
    (config_dir / "aaa").mkdir()
    (config_dir / "aaa" / "video_params.yaml").write_text("clip_seconds: 4\n")
    flavors = make_app().test_client().get("/api/mv/get_config_flavors").json["flavors"]
    assert flavors == ["default", "aaa", "cinematic", "lofi"]


def test_one_flavor_shows_its_merged_values(client):
    body = client.get("/api/mv/config_flavors/lofi").json
    assert body["name"] == "lofi"
    assert body["clip_seconds"] == 6
    assert body["files"] == ["scene_prompts.yaml", "stitch_params.yaml", "video_params.yaml"]
    assert body["values"]["video_params"]["model"] == "google/veo-3.1-fast"
    assert body["backend"] == "preview"


@pytest.mark.parametrize("name", ["nope", "Default", "..", "%2e%2e", "x" * 300])
def test_unknown_flavor_is_400_listing_the_flavors(client, name):
    response = client.get(f"/api/mv/config_flavors/{name}")
    assert response.status_code == 400
    assert response.json["error"].startswith("unknown config flavor '")
    assert response.json["available"] == ["default", "cinematic", "lofi"]


@pytest.mark.parametrize("kwargs, fallback, expected", [
    ({"json": {}}, None, "default"),
    ({"json": {"config_flavor": ""}}, None, "default"),
    ({"json": {"config_flavor": None}}, None, "default"),
    ({"json": {"config_flavor": "lofi"}}, None, "lofi"),
    ({"json": {}}, "cinematic", "cinematic"),
    ({"json": {"config_flavor": ""}}, "cinematic", "cinematic"),
    ({"json": {"config_flavor": "lofi"}}, "cinematic", "lofi"),
    ({"data": {"config_flavor": "lofi"}}, None, "lofi"),
    ({"query_string": {"config_flavor": "cinematic"}}, None, "cinematic"),
    ({"query_string": {"config_flavor": ""}}, "lofi", "lofi"),
    ({"data": "not json", "content_type": "application/json"}, None, "default"),
])
def test_flavor_for_request(app, kwargs, fallback, expected):
    with app.test_request_context("/api/mv/anything", method="POST", **kwargs):
        assert flavor_for_request(fallback).name == expected


@pytest.mark.parametrize("value, message", [
    ("noir", "unknown config flavor 'noir'"),
    ("../configs/default", "unknown config flavor '../configs/default'"),
    ("/etc/passwd", "unknown config flavor '/etc/passwd'"),
    (5, "config_flavor must be text naming a flavor"),
    (["lofi"], "config_flavor must be text naming a flavor"),
    ({"name": "lofi"}, "config_flavor must be text naming a flavor"),
])
def test_unknown_or_malformed_flavor_is_refused(app, value, message):
    with app.test_request_context("/api/mv/anything", method="POST",
                                  json={"config_flavor": value}):
        with pytest.raises(UnknownFlavor) as caught:
            flavor_for_request()
    assert caught.value.status == 400
    assert caught.value.to_dict() == {"error": message,
                                      "available": ["default", "cinematic", "lofi"]}


def test_encoded_slashes_never_reach_a_flavor_lookup(client):
    response = client.get("/api/mv/config_flavors/..%2F..%2Fetc")
    assert response.status_code == 404
    assert "error" in response.json


def test_very_long_names_are_shortened_in_the_error(app):
    with app.test_request_context("/"):
        with pytest.raises(UnknownFlavor) as caught:
            resolve_flavor("y" * 10_000)
    assert len(caught.value.message) < 120


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/mv/no_such_thing")
    assert response.status_code == 404
    assert "error" in response.json


def test_wrong_method_is_json_405(client):
    response = client.post("/api/mv/get_config_flavors")
    assert response.status_code in (400, 405)
    assert "error" in response.json
