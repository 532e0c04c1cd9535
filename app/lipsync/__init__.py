"""Lipsync: the performer in a clip sings the matching slice of the song."""
from flask import Blueprint

bp = Blueprint("lipsync", __name__)
