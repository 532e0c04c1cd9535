"""Optional access control for a deployed instance: one shared password (MV_ACCESS_PASSWORD).

Off when unset. On: pages need a login (a session cookie), API clients send
`Authorization: Bearer <MV_ACCESS_PASSWORD>`.
"""
from flask import Blueprint

bp = Blueprint("auth", __name__)
