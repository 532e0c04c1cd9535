"""`flask --app wsgi mv flavors`: lists and validates flavors; exit 1 on a broken one."""
from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import PROJECT_ROOT


def test_lists_flavors_with_their_files(runner):
    result = runner.invoke(args=["mv", "flavors"])
    assert result.exit_code == 0, result.output
    assert "3 flavor(s)" in result.output
    assert "lofi: scene_prompts.yaml, stitch_params.yaml, video_params.yaml" in result.output
    assert "video_params.clip_seconds" in result.output


def test_reads_the_files_again_and_fails_on_a_broken_one(runner, config_dir):
    (config_dir / "lofi" / "video_params.yaml").write_text("clip_seconds: [6]\n")
    result = runner.invoke(args=["mv", "flavors"])
    assert result.exit_code == 1
    assert "lofi/video_params.yaml:1: key 'clip_seconds': expected an integer" in result.output


def run_flask(args, config_dir):
    env = {**os.environ, "MV_CONFIG_DIR": str(config_dir), "MV_BACKEND": "preview",
           "SECRET_KEY": "cli-test"}
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    return subprocess.run([flask, "--app", "wsgi", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def test_real_command_exits_0_on_good_flavors(config_dir):
    result = run_flask(["mv", "flavors"], config_dir)
    assert result.returncode == 0, result.stderr
    assert "cinematic:" in result.stdout


def test_real_command_exits_1_with_a_readable_error(config_dir):
    (config_dir / "noir").mkdir()
    (config_dir / "noir" / "scene_prompts.yaml").write_text("style: ok\nmodes: [1\n")
    result = run_flask(["mv", "flavors"], config_dir)
    assert result.returncode == 1
    assert "noir/scene_prompts.yaml:" in result.stderr
    assert "YAML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
