"""Forms (Flask-WTF: CSRF on every one). Choices are filled by the view, in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

__all__ = ["DatasetForm", "LoginForm", "PublishForm", "SimpleForm", "SourceEditForm", "SourceForm", "UploadForm"]


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class UploadForm(FlaskForm):
    file = FileField(
        _l("Data file (CSV or Excel)"),
        validators=[FileRequired(_l("Choose a file to upload."))],
    )
    schema = FileField(_l("Table Schema (optional, JSON)"))


class DatasetForm(UploadForm):
    agency = SelectField(_l("Agency"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    licence = SelectField(_l("Licence"), validators=[DataRequired()])
    tags = StringField(_l("Keywords (separated by commas)"), validators=[Length(max=1000)])
    frequency = SelectField(_l("Update frequency"), validators=[DataRequired()])


class PublishForm(FlaskForm):
    confirm_errors = BooleanField(_l("I have read the errors and want to publish this data anyway."))


class SimpleForm(FlaskForm):
    """A button that only needs CSRF protection (sign out, discard a draft)."""


class SourceEditForm(FlaskForm):
    url = StringField(_l("Address"), validators=[DataRequired(), Length(max=2000)])
    options = TextAreaField(_l("Options (one key=value per line)"), validators=[Length(max=10000)])
    schedule = StringField(_l("Schedule"), validators=[Length(max=100)])


class SourceForm(SourceEditForm):
    type = SelectField(_l("Source type"), validators=[DataRequired()])
    name = StringField(_l("Name (optional)"), validators=[Length(max=100)])
