"""The database: one SQLAlchemy 2 engine per app, a session per app context.

SQLite by default (a file under instance/), any SQLAlchemy URL via DATABASE_URL.
The schema is created on start-up.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, scoped_session, sessionmaker


class Base(DeclarativeBase):
    """Base class of every table."""


def new_id() -> str:
    """An opaque record id (never a path)."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL, a busy timeout and cross-thread use for the job runner."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def init_app(app: Flask) -> None:
    """Bind an engine and a scoped session to the app; create the schema."""
    from . import models  # noqa: F401  (register the tables)

    engine = make_engine(app.config["DATABASE_URL"])
    Base.metadata.create_all(engine)
    app.extensions["mv.engine"] = engine
    # autoflush off: a job's changes stay in memory until it commits, so no write lock is
    # held while it waits minutes on a provider (and status updates never wait on it).
    app.extensions["mv.db"] = scoped_session(sessionmaker(bind=engine, expire_on_commit=False,
                                                          autoflush=False))

    @app.teardown_appcontext
    def remove_session(_exc):
        app.extensions["mv.db"].remove()


def engine() -> Engine:
    """The current app's engine (for work that needs a session of its own)."""
    return current_app.extensions["mv.engine"]


def session() -> Session:
    """The session of the current app context (one per request or job)."""
    return current_app.extensions["mv.db"]()


def get_or_404(model: type, record_id: Any, noun: str):
    """The record with this id, or a 404 naming it; ids are only ever looked up, never paths."""
    from .errors import NotFound

    record = session().get(model, record_id) if isinstance(record_id, str) else None
    if record is None:
        raise NotFound(f"no {noun} with id '{str(record_id)[:64]}'")
    return record
