"""Shared fixtures: a fresh app per test with its own temp folders and a copy of configs/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import create_app

PROJECT_ROOT = Path(__file__).resolve().parent.parent
pytest_plugins = ["tests.support.replicate_fixtures", "tests.support.servers"]

# Variables the app reads; a developer's shell must not leak them into tests.
APP_ENV_VARS = ("MV_CONFIG_DIR", "MV_MEDIA_DIR", "DATABASE_URL", "MV_BACKEND", "MV_DEBUG_MODE",
                "MV_ALLOW_PRIVATE_URLS", "SECRET_KEY", "REPLICATE_API_TOKEN", "REPLICATE_BASE_URL")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in APP_ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def config_dir(tmp_path) -> Path:
    """A private copy of the shipped flavors, safe to edit or break."""
    target = tmp_path / "configs"
    shutil.copytree(PROJECT_ROOT / "configs", target)
    return target


@pytest.fixture
def make_app(tmp_path, config_dir):
    """Build an app with test settings; keyword arguments override them."""

    def factory(**overrides):
        settings = {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-secret-key",
            "MV_CONFIG_DIR": str(config_dir),
            "MV_MEDIA_DIR": str(tmp_path / "media"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'mv.sqlite3'}",
            "MV_BACKEND": "preview",
        }
        settings.update(overrides)
        return create_app(settings)

    return factory


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
