"""The flavor registry: merging, immutability, lookups without disk, validation errors."""
from __future__ import annotations

import shutil
import textwrap

import pytest

from app.config.errors import FlavorConfigError
from app.config.flavor import deep_merge, is_valid_name
from app.config.registry import load_registry


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


def test_flavor_overrides_only_its_keys_and_inherits_the_rest(config_dir):
    registry = load_registry(config_dir)
    default, lofi = registry.get("default"), registry.get("lofi")
    assert lofi.get("video_params.clip_seconds") == 6
    assert default.get("video_params.clip_seconds") == 8
    # Not in lofi's files: inherited unchanged from default.
    assert lofi.get("video_params.model") == default.get("video_params.model")
    assert lofi.get("scene_prompts.modes") == default.get("scene_prompts.modes")
    assert lofi.get("stitch_params.crf") == 23
    assert lofi.get("stitch_params.width") == default.get("stitch_params.width")
    assert set(lofi.overrides) == {"scene_prompts.style", "video_params.clip_seconds",
                                   "video_params.prompt_suffix", "stitch_params.crf",
                                   "stitch_params.audio_bitrate"}


def test_nested_mappings_merge_and_null_drops_a_default_input(config_dir):
    cinematic = load_registry(config_dir).get("cinematic")
    image_input = cinematic.get("image_params.input")
    assert image_input["safety_filter_level"] == "block_medium_and_above"
    assert image_input["output_format"] == "png"  # kept from default
    assert image_input["go_fast"] is None  # removed for the new model
    video_input = cinematic.get("video_params.input")
    assert video_input["resolution"] == "1080p"
    assert video_input["prompt"] == "{prompt}"


def test_deep_merge_replaces_lists_and_scalars_and_merges_mappings():
    base = {"a": {"b": 1, "c": [1, 2]}, "d": "x"}
    merged = deep_merge(base, {"a": {"c": [3]}, "d": {"e": 1}})
    assert merged == {"a": {"b": 1, "c": [3]}, "d": {"e": 1}}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": "x"}


def test_flavors_are_read_only(config_dir):
    flavor = load_registry(config_dir).get("default")
    with pytest.raises(TypeError):
        flavor.values["video_params"]["clip_seconds"] = 4
    with pytest.raises(TypeError):
        flavor.values["video_params"]["input"]["prompt"] = "changed"
    with pytest.raises(AttributeError):
        flavor.allowed_durations.append(5)  # lists are frozen to tuples
    assert isinstance(flavor.get("video_params.allowed_durations"), tuple)


def test_lookups_never_touch_the_disk(make_app, config_dir):
    app = make_app()
    shutil.rmtree(config_dir)  # nothing left to read: answers must come from memory
    client = app.test_client()
    assert client.get("/api/mv/get_config_flavors").json["flavors"] == ["default", "cinematic",
                                                                        "lofi"]
    assert client.get("/api/mv/config_flavors/lofi").json["clip_seconds"] == 6


@pytest.mark.parametrize("name, valid", [
    ("default", True), ("noir", True), ("lo-fi_2", True), ("9to5", True), ("a" * 64, True),
    ("a" * 65, False), ("Noir", False), ("-x", False), ("_x", False), ("../etc", False),
    ("a/b", False), ("", False), ("/abs", False), ("%2e%2e", False), ("no ir", False),
    (None, False), (5, False),
])
def test_flavor_names(name, valid):
    assert is_valid_name(name) is valid


BROKEN_FILES = [
    pytest.param("noir/video_params.yaml", "clip_seconds: 6\n  model: x\n",
                 ["noir/video_params.yaml:2", "YAML syntax error"], id="yaml-syntax"),
    pytest.param("noir/video_params.yaml", "clip_seconds: 6\ninput: [unclosed\n",
                 ["noir/video_params.yaml:3", "flow sequence that starts on line 2"],
                 id="yaml-unclosed"),
    pytest.param("noir/video_params.yaml", "prompt_suffix: ok\nclip_seconds: eight\n",
                 ["noir/video_params.yaml:2", "key 'clip_seconds'", "expected an integer"],
                 id="wrong-type"),
    pytest.param("noir/stitch_params.yaml", "width: 1280\nsuppress_video_audio: 1\n",
                 ["stitch_params.yaml:2", "key 'suppress_video_audio'", "true or false"],
                 id="int-for-bool"),
    pytest.param("noir/video_params.yaml", "\n\nclip_secs: 6\n",
                 ["video_params.yaml:3", "key 'clip_secs'", "unknown key"], id="unknown-key"),
    pytest.param("noir/scene_prompts.yaml",
                 "modes:\n  music-video:\n    template: 'Song: {descripton}'\n",
                 ["scene_prompts.yaml:3", "key 'modes.music-video.template'", "{descripton}"],
                 id="unknown-placeholder"),
    pytest.param("noir/video_params.yaml", "input:\n  prompt: '{prompt} {lyrics}'\n",
                 ["video_params.yaml:2", "key 'input.prompt'", "{lyrics}"],
                 id="unknown-input-placeholder"),
    pytest.param("noir/video_params.yaml", "clip_seconds: 6\nclip_seconds: 8\n",
                 ["video_params.yaml:2", "key 'clip_seconds'", "twice"], id="duplicate-key"),
    pytest.param("noir/video_params.yaml", "clip_seconds: 5\n",
                 ["video_params.yaml:1", "key 'clip_seconds'", "allowed_durations"],
                 id="duration-not-allowed"),
    pytest.param("noir/stitch_params.yaml", "fps: 0\n",
                 ["stitch_params.yaml:1", "key 'fps'", "at least 1"], id="below-minimum"),
    pytest.param("noir/video_params.yaml", "- just\n- a list\n",
                 ["video_params.yaml:1", "mapping"], id="not-a-mapping"),
    pytest.param("noir/video_params.yaml", "# nothing but a comment\n",
                 ["video_params.yaml", "empty"], id="empty-file"),
    pytest.param("noir/colour_params.yaml", "lut: teal\n",
                 ["colour_params.yaml", "unknown config file"], id="unknown-file"),
    pytest.param("noir/scene_prompts.yaml", "modes: music-video\n",
                 ["scene_prompts.yaml:1", "key 'modes'", "expected a mapping"],
                 id="scalar-for-mapping"),
]


@pytest.mark.parametrize("relative, text, fragments", BROKEN_FILES)
def test_a_broken_flavor_names_file_line_and_key(config_dir, relative, text, fragments):
    (config_dir / relative).parent.mkdir(exist_ok=True)
    (config_dir / relative).write_text(text)
    with pytest.raises(FlavorConfigError) as caught:
        load_registry(config_dir)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message


def test_default_missing_a_required_key_is_named(config_dir):
    path = config_dir / "default" / "video_params.yaml"
    path.write_text(path.read_text().replace("model: google/veo-3.1-fast\n", ""))
    with pytest.raises(FlavorConfigError, match=r"default/video_params.yaml:\d+: key 'model': "
                                                r"required key is missing"):
        load_registry(config_dir)


def test_default_mode_template_is_required(config_dir):
    path = config_dir / "default" / "scene_prompts.yaml"
    text = path.read_text()
    start = text.index("  ad-creative:")
    path.write_text(text[:start] + text[text.index("regenerate_template:"):])
    with pytest.raises(FlavorConfigError, match="key 'modes.ad-creative': required key"):
        load_registry(config_dir)


@pytest.mark.parametrize("folder", ["Noir", "my flavor", "-dash", "x" * 70, "über"])
def test_invalid_folder_names_are_refused_not_used(config_dir, folder):
    (config_dir / folder).mkdir()
    (config_dir / folder / "video_params.yaml").write_text("clip_seconds: 4\n")
    with pytest.raises(FlavorConfigError, match="is not a valid flavor name"):
        load_registry(config_dir)


def test_hidden_folders_and_other_files_are_ignored(config_dir):
    (config_dir / ".git").mkdir()
    (config_dir / "README.md").write_text("notes")
    (config_dir / "lofi" / "NOTES.txt").write_text("notes")
    assert load_registry(config_dir).names == ("default", "cinematic", "lofi")


def test_default_flavor_is_required(config_dir):
    shutil.rmtree(config_dir / "default")
    with pytest.raises(FlavorConfigError, match="'default' flavor folder is required"):
        load_registry(config_dir)


def test_default_must_hold_every_file(config_dir):
    (config_dir / "default" / "lipsync_params.yaml").unlink()
    with pytest.raises(FlavorConfigError, match="default/lipsync_params.yaml: the default flavor "
                                                "must hold this file"):
        load_registry(config_dir)


def test_missing_config_dir(tmp_path):
    with pytest.raises(FlavorConfigError, match="does not exist"):
        load_registry(tmp_path / "nowhere")


def test_a_broken_flavor_stops_start_up(make_app, config_dir):
    write(config_dir / "noir" / "stitch_params.yaml", "fps: fast\n")
    with pytest.raises(FlavorConfigError, match="noir/stitch_params.yaml:1: key 'fps'"):
        make_app()


def test_mv_config_dir_points_at_another_folder(make_app, tmp_path, config_dir, monkeypatch):
    other = tmp_path / "elsewhere"
    shutil.copytree(config_dir, other)
    write(other / "noir" / "scene_prompts.yaml", "style: black and white, hard shadows\n")
    monkeypatch.setenv("MV_CONFIG_DIR", str(other))
    from app import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "k", "MV_BACKEND": "preview"})
    assert app.extensions["mv.flavors"].names == ("default", "cinematic", "lofi", "noir")
