"""MV_ACCESS_PASSWORD: a login page and session cookie for pages, a bearer token for the API."""
from __future__ import annotations

import logging
import re

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture
def locked(make_app):
    return make_app(MV_ACCESS_PASSWORD=PASSWORD)


def login_token(client) -> str:
    html = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_off_by_default(client):
    assert client.get("/mv/create").status_code == 200
    assert client.get("/api/mv/get_config_flavors").status_code == 200


def test_pages_redirect_to_login_and_the_api_wants_a_token(locked):
    client = locked.test_client()
    page = client.get("/mv/create")
    assert page.status_code == 302 and page.headers["Location"] == "/login?next=/mv/create"
    api = client.get("/api/mv/get_config_flavors")
    assert api.status_code == 401 and "Authorization: Bearer" in api.json["error"]
    assert client.get("/media/clips/x.mp4").status_code == 302
    css = client.get("/static/css/app.css")
    assert css.status_code == 200  # the login page needs it
    css.close()


def test_bearer_token_opens_the_api(locked):
    client = locked.test_client()
    ok = client.get("/api/mv/get_config_flavors", headers={"Authorization": f"Bearer {PASSWORD}"})
    assert ok.status_code == 200
    wrong = client.get("/api/mv/get_config_flavors", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


def test_login_sets_a_session_and_follows_next_only_on_this_site(locked):
    client = locked.test_client()
    bad = client.post("/login", data={"csrf_token": login_token(client), "password": "nope"})
    assert bad.status_code == 400 and "That password is not right." in bad.get_data(as_text=True)
    good = client.post("/login?next=/mv/create",
                       data={"csrf_token": login_token(client), "password": PASSWORD})
    assert good.status_code == 302 and good.headers["Location"] == "/mv/create"
    assert client.get("/mv/create").status_code == 200
    assert client.get("/api/mv/get_config_flavors").status_code == 200  # the cookie works too
    client.post("/logout", data={"csrf_token": login_token(client)})
    assert client.get("/mv/create").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:x"])
def test_login_never_redirects_off_site(locked, target):
    client = locked.test_client()
    response = client.post(f"/login?next={target}",
                           data={"csrf_token": login_token(client), "password": PASSWORD})
    assert response.headers["Location"] == "/mv/create"


def test_a_warning_when_reachable_from_elsewhere_without_a_password(client, caplog):
    caplog.set_level(logging.WARNING)
    client.get("/mv/create", environ_base={"REMOTE_ADDR": "192.0.2.7"})
    client.get("/mv/create", environ_base={"REMOTE_ADDR": "192.0.2.8"})
    warnings = [r.getMessage() for r in caplog.records if "MV_ACCESS_PASSWORD" in r.getMessage()]
    assert len(warnings) == 1 and "192.0.2.7" in warnings[0]


def test_a_warning_at_start_up_when_bound_beyond_loopback(make_app, monkeypatch, caplog):
    caplog.set_level(logging.WARNING)
    monkeypatch.setenv("FLASK_RUN_HOST", "0.0.0.0")
    make_app()
    assert any("bound to 0.0.0.0 without MV_ACCESS_PASSWORD" in r.getMessage()
               for r in caplog.records)


def test_security_headers_on_every_response(client):
    response = client.get("/mv/create")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/api/mv/get_config_flavors").headers["X-Frame-Options"] == "DENY"
