"""Cross-site protection on every state-changing route, and flavor names that never reach
the filesystem."""
from __future__ import annotations

import sys

import pytest

from tests.support.pages import csrf_token


def page_post_rules(app):
    """Every non-API route that changes state (with placeholder values for its arguments)."""
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"GET", "HEAD", "OPTIONS"}
        if methods and not rule.rule.startswith("/api/"):
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<{argument}>", "x")
            yield sorted(methods)[0], url


def test_every_page_action_needs_the_csrf_token(app, client):
    rules = list(page_post_rules(app))
    assert len(rules) >= 12  # create, fetch, flavor, scenes, clips, jobs, stitch, login...
    for method, url in rules:
        response = client.open(url, method=method, data={"x": "1"},
                               headers={"HX-Request": "true"})
        assert response.status_code == 400, (url, response.status_code)
        assert "form expired" in response.get_data(as_text=True), url


def test_with_the_token_the_same_actions_get_past_csrf(app, client):
    token = csrf_token(client)
    for method, url in page_post_rules(app):
        response = client.open(url, method=method, data={"x": "1"},
                               headers={"HX-Request": "true", "X-CSRFToken": token})
        assert "form expired" not in response.get_data(as_text=True), url


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"},
                                     {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}])
def test_cross_site_browser_posts_to_the_api_are_refused(client, headers):
    response = client.post("/api/mv/generations", data={"video_description": "x"},
                           headers=headers)
    assert response.status_code == 403 and "cross-site" in response.json["error"]


def test_form_encoded_posts_to_the_json_api_do_nothing(client):
    response = client.post("/api/mv/generations", data={"video_description": "x"})
    assert response.status_code == 400 and "JSON object" in response.json["error"]
    assert client.post("/api/mv/generations", json={"video_description": "x"},
                       headers={"Origin": "http://localhost"}).status_code == 201


NAMES = ["../configs/default", "..%2F..%2Fetc", "/etc/passwd", "default/../../x",
         "C:\\Windows\\win.ini", "x" * 5000, "%00", "default\x00.yaml", "lofi/"]


def test_flavor_names_never_touch_the_filesystem(client, tmp_path):
    opened: list[str] = []
    watching = [True]

    def audit(event, args):
        if watching[0] and event == "open" and isinstance(args[0], str):
            opened.append(args[0])

    sys.addaudithook(audit)  # cannot be removed: it switches itself off below
    try:
        for name in NAMES:
            for response in (
                    client.post("/api/mv/generations",
                                json={"video_description": "x", "config_flavor": name}),
                    client.get("/api/mv/get_config_flavors", query_string={"config_flavor": name})):
                assert response.status_code < 500
    finally:
        watching[0] = False
    touched = [path for path in opened if any(part in path for part in
                                              ("passwd", "win.ini", "configs", "xxxxx"))]
    assert touched == []
