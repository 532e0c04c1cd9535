"""Generations: one music video in the making (its brief, flavor, song, scenes, final video)."""
from flask import Blueprint

bp = Blueprint("generations", __name__)
