"""The editor's forms; each carries the CSRF token (FlaskForm) unless it is a nested row."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from archive.catalogue.filters import SESSION_TYPE_LABELS
from archive.models import Role, SessionType, Visibility

LANGUAGE_CHOICES = [SelectChoice("fr", "Français"), SelectChoice("en", "English")]
VISIBILITY_CHOICES = [
    SelectChoice(Visibility.PUBLIC.value, _l("Public: listed, searchable, in feeds")),
    SelectChoice(Visibility.UNLISTED.value, _l("Unlisted: only people with the link")),
    SelectChoice(Visibility.PRIVATE.value, _l("Private: editors and the viewers named below")),
]
#: Empty speaker rows offered below the existing ones.
BLANK_SPEAKER_ROWS = 2


class SpeakerRow(Form):
    """One speaker of the replay (a row of the details form, without its own CSRF token)."""

    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    role_title = StringField(_l("Role"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    photo = FileField(_l("Photo"))
    remove_photo = BooleanField(_l("Remove the photo"))


class DetailsForm(FlaskForm):
    """Title, description, event, type, date, language, visibility, speakers, themes."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20_000)])
    event = StringField(_l("Event"), validators=[Optional(), Length(max=200)])
    session_type = SelectField(
        _l("Session type"),
        choices=[SelectChoice(t.value, SESSION_TYPE_LABELS[t][0]) for t in SessionType],
        default=SessionType.TALK.value,
    )
    recorded_on = DateField(_l("Date"), validators=[Optional()])
    language = SelectField(_l("Language spoken"), choices=LANGUAGE_CHOICES)
    visibility = RadioField(_l("Visibility"), choices=VISIBILITY_CHOICES, default="public")
    featured = BooleanField(_l("Feature on the home page"))
    publish_at = DateTimeLocalField(
        _l("Scheduled publication (UTC)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
        description=_l(
            "Until this time only editors see the replay; empty: visible as soon as published."
        ),
    )
    themes = StringField(
        _l("Themes"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Separated by commas, e.g. Énergie, Compétences"),
    )
    speakers = FieldList(FormField(SpeakerRow), max_entries=40)
    viewers = TextAreaField(
        _l("Viewers of a private replay"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("Emails of viewer accounts that may watch it, one per line"),
    )


class TranscriptForm(FlaskForm):
    """A transcript file to add or to replace the current one."""

    transcript = FileField(_l("Transcript file (WebVTT, SRT or text)"))
    language = SelectField(_l("Language"), choices=LANGUAGE_CHOICES)


class PosterForm(FlaskForm):
    """The moment whose picture becomes the poster."""

    at = StringField(_l("Time"), validators=[DataRequired(), Length(max=20)])


class HighlightForm(FlaskForm):
    """A time range to cut into a new replay."""

    start = StringField(_l("From"), validators=[DataRequired(), Length(max=20)])
    end = StringField(_l("To"), validators=[DataRequired(), Length(max=20)])
    title = StringField(_l("Title of the highlight"), validators=[DataRequired(), Length(max=300)])
    visibility = RadioField(_l("Visibility"), choices=VISIBILITY_CHOICES, default="public")


class ConfirmForm(FlaskForm):
    """A button that changes something: publish, unpublish, delete, retry, cancel."""


class AccountForm(FlaskForm):
    """An admin's change to an account."""

    role = SelectField(_l("Role"), choices=[SelectChoice(r.value) for r in Role])
    active = BooleanField(_l("Active"))


class SitePageForm(FlaskForm):
    """An information page in Markdown; empty withdraws it."""

    body = TextAreaField(
        _l("Text (Markdown)"),
        validators=[Length(max=100_000)],
        description=_l(
            "Headings with #, lists with -, links as [text](https://…); HTML is shown as typed. "
            "Leave empty to withdraw the page."
        ),
    )


class TokenForm(FlaskForm):
    """A new API token: whom it acts as, and what it is for."""

    user = SelectField(_l("Acts as"), coerce=int, validators=[DataRequired()])
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("What the token is for, e.g. “website” or “programme sync”."),
    )


class EventForm(FlaskForm):
    """An event's name, dates, place, description and cover picture."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    location = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20_000)])
    cover = FileField(_l("Cover picture"))
    remove_cover = BooleanField(_l("Remove the cover picture"))

    def validate_ends_on(self, field: DateField) -> None:
        """The last day cannot come before the first."""
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot come before the first day."))


class SpeakerForm(FlaskForm):
    """A speaker's name, role, organisation, biography and photo."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role_title = StringField(_l("Role"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=200)])
    bio = TextAreaField(_l("Biography"), validators=[Optional(), Length(max=20_000)])
    photo = FileField(_l("Photo"))
    remove_photo = BooleanField(_l("Remove the photo"))


class ProgrammeForm(FlaskForm):
    """A programme file to preview, then apply."""

    programme = FileField(_l("Programme file (CSV or JSON)"))


class WebhookForm(FlaskForm):
    """A new webhook endpoint: the URL told about replays, and which events it hears of."""

    url = StringField(
        _l("URL"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("Where the archive POSTs, e.g. https://www.example.org/hooks/replays."),
    )
    description = StringField(
        _l("Description"),
        validators=[Optional(), Length(max=200)],
        description=_l("What it is for, e.g. “conference website”."),
    )
    events = SelectMultipleField(
        _l("Events"),
        choices=[
            SelectChoice("replay.published", _l("A replay is published")),
            SelectChoice("replay.updated", _l("A published replay changes")),
            SelectChoice("replay.withdrawn", _l("A published replay is withdrawn")),
        ],
        default=["replay.published", "replay.updated", "replay.withdrawn"],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
