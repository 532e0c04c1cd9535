"""Browser tests: the real pages in Debian's chromium, driven by Playwright (the PyPI package).

Playwright's own browser download cannot work here, so the suite launches the system
chromium (/usr/bin/chromium, or the path in MV_CHROMIUM). Without it the tests skip with a
reason; under CI=true a missing chromium is a failure, never a skip.

Fixtures a test uses:
  live_server              the app served over real HTTP: .url, .app
  live_settings            {} by default; override it (or parametrize it indirectly) to pass
                           settings to make_app, e.g. {"MV_JOB_WORKERS": 1}
  live_prepare             None by default; override it with a callable(app) that runs before
                           the server starts (e.g. to add a test-only route)
  start_live_server        factory: start_live_server(prepare=None, **settings) for extra servers
  page                     a fresh context and page per test; relative URLs go to live_server
  screenshot               screenshot(page, name) -> Path of <tmp_path>/<name>.png
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from flask import Flask
from werkzeug.serving import make_server

HERE = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
MISSING_REASON = "Debian's chromium is not installed (apt-get install chromium); browser tests skipped"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 10_000


def chromium_path() -> str:
    return os.environ.get("MV_CHROMIUM") or DEFAULT_CHROMIUM


# -- marking, and the report a failure screenshot needs ------------------------------------
def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser is a `browser` test (-m "not browser" leaves them out)."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            # Chromium aborts <video> Range requests mid-stream; Werkzeug's development
            # server then leaves the media file for the garbage collector, which reports it
            # at a random later point. That is the test server, not the product (whose
            # responses close their files), so it must not fail an unrelated assertion.
            item.add_marker(pytest.mark.filterwarnings(
                "ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# -- chromium present? -----------------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def chromium_executable() -> str:
    """Skip without chromium; under CI=true fail instead, so CI cannot go green by skipping.

    Session-scoped (and so set up before the session-scoped browser) and autouse, so every
    test here, whether or not it opens a page, skips or fails the same way.
    """
    path = chromium_path()
    if os.path.isfile(path) and os.access(path, os.X_OK):
        return path
    reason = f"{MISSING_REASON} (looked for {path})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, so this is a failure, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)


# -- the live server -------------------------------------------------------------------------
@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def live_settings(request) -> dict:
    """Settings for make_app; override this fixture or parametrize it with indirect=True."""
    return dict(getattr(request, "param", None) or {})


@pytest.fixture
def live_prepare(request) -> Callable[[Flask], None] | None:
    """A callable(app) run before the server starts; override it to add test-only routes."""
    return getattr(request, "param", None)


@pytest.fixture
def start_live_server(make_app):
    """Factory: start_live_server(prepare=None, **settings) -> LiveServer; all stop at teardown."""
    stops: list[Callable[[], None]] = []

    def start(prepare: Callable[[Flask], None] | None = None, **settings) -> LiveServer:
        app = make_app(**settings)
        if prepare is not None:
            prepare(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        handlers: set[threading.Thread] = set()
        serve_one = server.process_request_thread

        def tracked(request, client_address):  # so teardown can wait for open connections
            handlers.add(threading.current_thread())
            try:
                serve_one(request, client_address)
            finally:
                handlers.discard(threading.current_thread())

        server.process_request_thread = tracked
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                  name="mv-live-server", daemon=True)
        thread.start()

        def stop() -> None:
            server.shutdown()
            thread.join(timeout=10)
            for handler in list(handlers):
                handler.join(timeout=10)
            server.server_close()
            runner = app.extensions.get("mv.jobs")
            if runner is not None:
                runner.shutdown(wait=True)
            session = app.extensions.get("mv.db")
            if session is not None:
                session.remove()
            engine = app.extensions.get("mv.engine")
            if engine is not None:
                engine.dispose()

        stops.append(stop)
        host, port = server.server_address[:2]
        return LiveServer(url=f"http://{host}:{port}", app=app)

    yield start
    for stop in reversed(stops):
        stop()


@pytest.fixture
def live_server(start_live_server, live_settings, live_prepare) -> LiveServer:
    """The app (make_app(**live_settings), then live_prepare(app)) served on 127.0.0.1."""
    return start_live_server(prepare=live_prepare, **live_settings)


# -- Playwright and chromium -----------------------------------------------------------------
@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver (and its event loop) for the whole session."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    manager = sync_playwright()
    driver = manager.start()
    yield driver
    manager.__exit__(None, None, None)


@pytest.fixture(scope="session")
def browser(chromium_executable, playwright_driver):
    browser = playwright_driver.chromium.launch(executable_path=chromium_executable, headless=True,
                                                args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh browser context (own cookies and storage) whose base URL is the live server.

    It depends on live_server so it closes first: no keep-alive connection outlives a test.
    """
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, request, tmp_path):
    """A page in a fresh context; a failing test leaves <tmp_path>/failure.png behind."""
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and not page.is_closed():
        path = tmp_path / "failure.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # the page may have crashed; the report matters more
            print(f"failure screenshot not saved: {error}")
        else:
            print(f"failure screenshot: {path}")
    page.close()


@pytest.fixture
def screenshot(tmp_path):
    """screenshot(page, name) saves a full-page <tmp_path>/<name>.png and returns its path."""

    def take(page, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
