"""The login and logout pages."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField
from wtforms.validators import DataRequired

from . import bp
from .guard import SESSION_KEY, password_matches


class LoginForm(FlaskForm):
    password = PasswordField("Password", validators=[DataRequired("Enter the password.")])
    submit = SubmitField("Log in")


def _safe_next(target: str | None) -> str:
    """Only paths on this site (never another host) are followed after a login."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("generations.create_page")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Ask for the instance's password; a session cookie keeps the user in."""
    form = LoginForm()
    if form.validate_on_submit():
        if password_matches(form.password.data):
            session.clear()
            session[SESSION_KEY] = True
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append("That password is not right.")
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
