"""The service locator: one prebuilt bundle per flavor, on the configured backend."""
from __future__ import annotations

import pytest

from app import services
from app.config.resolve import UnknownFlavor
from app.providers import preview, replicate
from app.providers.stitcher import Stitcher


@pytest.mark.parametrize("backend, module", [("preview", preview), ("replicate", replicate)])
def test_bundle_holds_the_backends_providers_built_from_the_flavor(make_app, backend, module):
    app = make_app(MV_BACKEND=backend)
    with app.app_context():
        bundle = services.for_flavor("lofi")
        assert bundle.backend == backend
        assert type(bundle.scene_planner) is module.ScenePlanner
        assert type(bundle.video_maker) is module.VideoMaker
        assert type(bundle.lip_syncer) is module.LipSyncer
        assert type(bundle.image_maker) is module.ImageMaker
        assert type(bundle.stitcher) is Stitcher
        assert bundle.video_maker.clip_seconds == 6
        assert bundle.scene_planner.style.startswith("lo-fi aesthetic")
        assert bundle.stitcher.crf == 23
        assert services.for_flavor("lofi") is bundle  # built once, handed out many times


def test_replicate_providers_take_model_and_inputs_from_the_flavor(make_app):
    app = make_app(MV_BACKEND="replicate")
    with app.app_context():
        assert services.for_flavor("default").video_maker.model == "google/veo-3.1-fast"
        cinematic = services.for_flavor("cinematic")
        assert cinematic.video_maker.model == "google/veo-3.1"
        assert cinematic.video_maker.input_template["resolution"] == "1080p"
        assert cinematic.image_maker.enabled is True
        assert services.for_flavor("default").lip_syncer.model == "sync/lipsync-2-pro"


def test_unknown_flavor_from_the_locator_is_a_400(make_app):
    with make_app().app_context():
        with pytest.raises(UnknownFlavor):
            services.for_flavor("noir")


@pytest.mark.parametrize("env, backend", [({}, "preview"),
                                          ({"REPLICATE_API_TOKEN": "r8_x"}, "replicate"),
                                          ({"REPLICATE_API_TOKEN": "r8_x", "MV_BACKEND": "preview"},
                                           "preview"),
                                          ({"MV_BACKEND": "Replicate"}, "replicate")])
def test_backend_defaults_to_replicate_only_with_a_token(monkeypatch, config_dir, env, backend):
    from app import create_app

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True, "SECRET_KEY": "k", "MV_CONFIG_DIR": str(config_dir)})
    assert app.config["MV_BACKEND"] == backend
    assert "REPLICATE_API_TOKEN" not in app.config


def test_unknown_backend_stops_start_up(make_app):
    with pytest.raises(SystemExit, match="MV_BACKEND must be one of"):
        make_app(MV_BACKEND="openai")
