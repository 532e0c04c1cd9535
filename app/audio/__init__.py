"""Songs: uploads and YouTube fetches, kept as WAV audio records."""
from flask import Blueprint

bp = Blueprint("audio", __name__)
