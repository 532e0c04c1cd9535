"""Songs: uploads and YouTube fetches, kept as WAV audio records."""
from flask import Blueprint

bp = Blueprint("audio", __name__)

from . import routes, youtube  # noqa: E402,F401
