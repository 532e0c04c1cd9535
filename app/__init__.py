"""MV Studio: the application factory."""
from __future__ import annotations

import logging
import os
from importlib import import_module
from pathlib import Path

from flask import Flask

from . import settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The modules that attach routes, job handlers and commands to their feature's blueprint.
FEATURE_MODULES = (
    "config.routes", "config.cli",
    "audio.routes", "audio.youtube",
    "jobs.routes", "jobs.pages",
    "generations.routes", "generations.pages", "generations.job_views", "generations.cli",
    "scenes.routes", "scenes.pages", "scenes.planning_jobs",
    "videos.routes", "videos.clips", "videos.stitching", "videos.cli",
    "lipsync.routes", "lipsync.jobs",
    "costs.routes", "auth.routes",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, flavor registry, services, blueprints.

    test_config overrides any setting; its INSTANCE_PATH moves the instance folder.
    """
    test_config = dict(test_config or {})
    app = Flask(__name__, instance_relative_config=True,
                instance_path=test_config.pop("INSTANCE_PATH", None),
                template_folder=str(PROJECT_ROOT / "templates"),
                static_folder=str(PROJECT_ROOT / "static"))
    app.config.from_mapping(settings.from_environment(os.environ, PROJECT_ROOT, app.instance_path))
    app.config.update(test_config)
    settings.check(app.config)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = settings.instance_secret_key(app.instance_path)

    configure_logging(app)
    register_extensions(app)
    register_features(app)
    register_error_handlers(app)
    register_commands(app)
    register_template_context(app)
    return app


def configure_logging(app: Flask) -> None:
    """Debug mode shows the flavor log at INFO on the app's handler."""
    if app.config["MV_DEBUG_MODE"]:
        app.logger.setLevel(logging.INFO)


def register_extensions(app: Flask) -> None:
    from . import security
    from .auth import guard

    security.init_app(app)
    guard.init_app(app)


def register_features(app: Flask) -> None:
    """Flavors first (everything else reads them), storage, jobs, then each blueprint."""
    from . import (audio, auth, config, costs, db, generations, jobs, lipsync, scenes, services,
                   videos)
    from .jobs.recovery import recover_jobs
    from .jobs.runner import ThreadPoolRunner
    from .media import routes as media_routes
    from .media import storage

    config.init_app(app)
    services.init_app(app)
    db.init_app(app)
    storage.init_app(app)
    for module in FEATURE_MODULES:  # before recovery: it needs every job kind registered
        import_module(f"{__name__}.{module}")
    app.extensions["mv.jobs"] = ThreadPoolRunner(app, app.config["MV_JOB_WORKERS"])
    recover_jobs(app.extensions["mv.engine"], app.extensions["mv.jobs"])

    for blueprint in (config.bp, media_routes.bp, audio.bp, jobs.bp, generations.bp,
                      scenes.bp, videos.bp, lipsync.bp, costs.bp, auth.bp):
        app.register_blueprint(blueprint)


def register_error_handlers(app: Flask) -> None:
    from .errors import register_error_handlers as register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import mv_cli

    app.cli.add_command(mv_cli)


def register_template_context(app: Flask) -> None:
    from . import services

    from .jobs.pages import render_job

    app.jinja_env.globals["render_job"] = render_job

    @app.context_processor
    def inject_backend():
        return {"backend_label": services.backend_label()}
