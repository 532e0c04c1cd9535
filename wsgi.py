"""WSGI entry point: `flask --app wsgi run`, or any WSGI server with wsgi:app."""
import sys

from app import create_app
from app.config.errors import FlavorConfigError

try:
    app = create_app()
except FlavorConfigError as exc:  # a broken flavor stops start-up with a readable message
    sys.exit(f"MV Studio cannot start: {exc}")
