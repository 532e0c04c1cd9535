"""The page shell: base.html with vendored htmx 2, the CSRF header and the backend badge."""
from __future__ import annotations

import re

from flask import render_template

from app import create_app


def test_base_layout_loads_vendored_htmx_and_sends_the_csrf_token(app):
    with app.test_request_context("/"):
        html = render_template("base.html")
    assert '<script src="/static/vendor/htmx.min.js" defer></script>' in html
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert token and len(token.group(1)) > 20
    assert "Preview backend" in html


def test_replicate_backend_is_shown(make_app):
    app = make_app(MV_BACKEND="replicate")
    with app.test_request_context("/"):
        assert "Replicate backend" in render_template("base.html")


def test_vendored_htmx_is_one_exact_2x_version_with_its_licence(client):
    script = client.get("/static/vendor/htmx.min.js")
    assert script.status_code == 200
    assert b'version:"2.0.11"' in script.data
    script.close()
    licence = client.get("/static/vendor/htmx.LICENSE.txt")
    assert b"Zero-Clause BSD" in licence.data
    licence.close()


def test_csrf_protection_is_on(app):
    assert "csrf" in app.extensions
    assert app.config.get("WTF_CSRF_ENABLED", True) is True


def test_secret_key_is_made_once_and_kept_in_the_instance_folder(make_app, tmp_path):
    first = make_app(SECRET_KEY=None)
    key = first.config["SECRET_KEY"]
    assert len(key) == 64
    assert make_app(SECRET_KEY=None).config["SECRET_KEY"] == key
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_secret_key_from_the_environment_wins(monkeypatch, tmp_path, config_dir):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "inst"),
                      "MV_CONFIG_DIR": str(config_dir)})
    assert app.config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "inst" / "secret_key").exists()
