"""The create page's form: song, generation mode, config flavor, description."""
from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (FloatField, HiddenField, RadioField, SelectChoice, SelectField,
                     SubmitField, TextAreaField, URLField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..config.schema import GENERATION_MODES
from .records import MAX_DESCRIPTION

MODE_LABELS = {"music-video": "Music Video", "ad-creative": "Ad Creative"}


def flavor_choices(flavors: tuple[str, ...]) -> list[SelectChoice]:
    """The flavor select's options: the same list as /api/mv/get_config_flavors."""
    return [SelectChoice(name) for name in flavors]


class CreateForm(FlaskForm):
    """A new generation: where the song comes from, how to treat it, what to make."""

    song_source = RadioField("Song", choices=[SelectChoice("upload", "Upload a file"),
                                              SelectChoice("youtube", "YouTube URL"),
                                              SelectChoice("none", "No song")],
                             default="upload")
    song_file = FileField("Song file")
    youtube_url = URLField("YouTube URL", validators=[Length(max=2048)])
    start_time = FloatField("Start (seconds)", validators=[Optional(), NumberRange(min=0)])
    end_time = FloatField("End (seconds)", validators=[Optional(), NumberRange(min=0)])
    audio_id = HiddenField()  # set once a YouTube fetch has finished
    generation_mode = SelectField("Generation Mode",
                                  choices=[SelectChoice(mode, MODE_LABELS[mode])
                                           for mode in GENERATION_MODES],
                                  default="music-video")
    config_flavor = SelectField("Config Flavor", default="default")
    video_description = TextAreaField("Video Description",
                                      validators=[DataRequired("Describe the video you want."),
                                                  Length(max=MAX_DESCRIPTION)])
    submit = SubmitField("Create generation")

    def __init__(self, flavors: tuple[str, ...], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config_flavor.choices = flavor_choices(flavors)

    def validate_end_time(self, field):
        if field.data is not None and self.start_time.data is not None \
                and field.data <= self.start_time.data:
            raise ValidationError("End must be after the start.")

    def validate_youtube_url(self, field):
        if field.data and not field.data.lower().startswith(("http://", "https://")):
            raise ValidationError("Enter an http(s) URL.")
        if self.song_source.data == "youtube" and not field.data:
            raise ValidationError("Paste the YouTube URL of the song.")

    def validate_song_file(self, field):
        if self.song_source.data == "upload" and not (field.data and field.data.filename):
            raise ValidationError("Choose the song file to upload.")


class FlavorForm(FlaskForm):
    """The quick-gen page's flavor select (changes the flavor of later requests)."""

    config_flavor = SelectField("Config Flavor")

    def __init__(self, flavors: tuple[str, ...], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.config_flavor.choices = flavor_choices(flavors)
