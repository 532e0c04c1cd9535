"""The `flask --app wsgi mv ...` command group; each feature adds its own commands."""
from __future__ import annotations

from flask.cli import AppGroup

mv_cli = AppGroup("mv", help="MV Studio commands.")
