"""Videos: clips, lipsynced clips and stitched videos, their records, files and jobs."""
from flask import Blueprint

bp = Blueprint("videos", __name__)
