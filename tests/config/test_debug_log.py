"""MV_DEBUG_MODE: what is logged at start-up and per request, and what never is."""
from __future__ import annotations

import logging

import pytest

from app import create_app
from app.config.resolve import flavor_for_request
from app import services

PLANTED_TOKEN = "r8_PlantedSecretToken1234567890abcdef"


def flavor_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "app.flavors"]


@pytest.mark.parametrize("value, on", [
    ("true", True), ("TRUE", True), ("True", True), ("1", True), ("yes", True), ("YES", True),
    ("false", False), ("0", False), ("no", False), ("", False), ("on", False),
])
def test_mv_debug_mode_values(monkeypatch, config_dir, value, on):
    monkeypatch.setenv("MV_DEBUG_MODE", value)
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "MV_CONFIG_DIR": str(config_dir),
                      "MV_BACKEND": "preview"})
    assert app.config["MV_DEBUG_MODE"] is on


def test_start_up_logs_each_flavor_with_files_and_overrides_not_prompts(make_app, caplog):
    caplog.set_level(logging.INFO)
    app = make_app(MV_DEBUG_MODE=True)
    lines = flavor_lines(caplog)
    assert len(lines) == 3
    lofi = next(line for line in lines if line.startswith("flavor 'lofi'"))
    assert "scene_prompts.yaml, stitch_params.yaml, video_params.yaml" in lofi
    assert "video_params.clip_seconds" in lofi and "scene_prompts.style" in lofi
    system_prompt = app.extensions["mv.flavors"].default.get("scene_prompts.system_prompt")
    style = app.extensions["mv.flavors"].get("lofi").get("scene_prompts.style")
    for line in lines:
        assert system_prompt[:40] not in line
        assert style[:30] not in line


def test_request_logs_the_flavor_and_each_value_with_its_consumer(make_app, caplog):
    app = make_app(MV_DEBUG_MODE=True)
    caplog.set_level(logging.INFO)
    caplog.clear()
    with app.test_request_context(json={"config_flavor": "lofi"}):
        flavor = flavor_for_request()
        services.for_flavor(flavor.name)
    lines = flavor_lines(caplog)
    assert lines[0] == "flavor 'lofi' loaded for this request"
    assert ("flavor 'lofi': video_params.clip_seconds -> "
            "app.providers.preview.VideoMaker.clip_seconds = 6") in lines
    planner = [line for line in lines if "ScenePlanner.system_prompt" in line]
    assert planner and planner[0].startswith(
        "flavor 'lofi': scene_prompts.system_prompt -> "
        "app.providers.preview.ScenePlanner.system_prompt = \"You are the director")
    assert all(len(line) < 400 for line in lines)  # long texts are shortened in the log


def test_replicate_backend_names_replicate_consumers(make_app, caplog):
    app = make_app(MV_DEBUG_MODE=True, MV_BACKEND="replicate")
    caplog.set_level(logging.INFO)
    with app.test_request_context():
        services.for_flavor("cinematic")
    assert ("flavor 'cinematic': video_params.model -> "
            "app.providers.replicate.VideoMaker.model = \"google/veo-3.1\"") in flavor_lines(caplog)


def test_unknown_flavor_is_logged_as_not_found(make_app, caplog):
    app = make_app(MV_DEBUG_MODE=True)
    caplog.set_level(logging.INFO)
    caplog.clear()
    with app.test_request_context(json={"config_flavor": "noir"}):
        with pytest.raises(Exception):
            flavor_for_request()
    assert flavor_lines(caplog) == [
        "flavor \"noir\" not found; available: default, cinematic, lofi"]


def test_secrets_in_config_are_never_logged(make_app, config_dir, caplog):
    (config_dir / "keyed").mkdir()
    (config_dir / "keyed" / "lipsync_params.yaml").write_text(
        f"input:\n  api_token: {PLANTED_TOKEN}\n  note: 'use Bearer {PLANTED_TOKEN}'\n")
    app = make_app(MV_DEBUG_MODE=True, MV_BACKEND="replicate")
    caplog.set_level(logging.INFO)
    with app.test_request_context():
        services.for_flavor("keyed")
    text = "\n".join(flavor_lines(caplog))
    assert "lipsync_params.input -> " in text
    assert PLANTED_TOKEN not in text
    assert "[redacted]" in text


def test_debug_off_logs_nothing(make_app, caplog):
    caplog.set_level(logging.DEBUG)
    app = make_app(MV_DEBUG_MODE=False)
    with app.test_request_context(json={"config_flavor": "lofi"}):
        services.for_flavor(flavor_for_request().name)
    with app.test_request_context(json={"config_flavor": "noir"}):
        with pytest.raises(Exception):
            flavor_for_request()
    assert flavor_lines(caplog) == []
