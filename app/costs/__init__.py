"""Costs: every paid call is recorded, and shown per generation."""
from flask import Blueprint

bp = Blueprint("costs", __name__)
