"""Scenes: the shot list of a generation, planned by the LLM and edited by the user."""
from flask import Blueprint

bp = Blueprint("scenes", __name__)
