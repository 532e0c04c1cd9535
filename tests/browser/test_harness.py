"""The browser harness itself: Debian's chromium drives the app served over real HTTP."""
from __future__ import annotations

import json

import pytest
from flask import render_template
from playwright.sync_api import expect


@pytest.fixture
def live_prepare():
    """A test-only route that renders the bare layout (registered before the first request)."""

    def add_layout_route(app):
        app.add_url_rule("/_test/base", "test_base_layout", lambda: render_template("base.html"))

    return add_layout_route


def test_api_json_is_served_to_the_browser(live_server, page):
    response = page.goto(live_server.url + "/api/mv/get_config_flavors")
    assert response.status == 200
    text = page.locator("body").inner_text()
    assert "default" in json.dumps(json.loads(text))


def test_base_layout_loads_vendored_htmx_2_and_shows_the_backend(live_server, page, screenshot):
    loaded = []
    page.on("response", lambda r: loaded.append((r.url, r.status)))
    page.goto("/_test/base")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("window.htmx.version").startswith("2.")
    assert (live_server.url + "/static/vendor/htmx.min.js", 200) in loaded
    expect(page.locator("header.topbar .backend")).to_have_text("Preview backend")
    assert screenshot(page, "base-layout").stat().st_size > 0


@pytest.mark.parametrize("live_settings", [{"MV_BACKEND": "replicate"}], indirect=True)
def test_live_settings_reach_the_app(live_server, page):
    assert live_server.app.config["MV_BACKEND"] == "replicate"
    page.goto("/_test/base")
    expect(page.locator("header.topbar .backend")).to_have_text("Replicate backend")
