"""Videos: clips, lipsynced clips and stitched videos, their records and files."""
from flask import Blueprint

bp = Blueprint("videos", __name__)

from . import routes  # noqa: E402,F401
