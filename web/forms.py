"""Forms (Flask-WTF: CSRF on every one). Choices are filled by the view, in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange

__all__ = [
    "AgencySettingsForm",
    "DatasetEditForm",
    "DatasetForm",
    "LoginForm",
    "MemberForm",
    "NewUserForm",
    "PasswordForm",
    "PublishForm",
    "SimpleForm",
    "SourceEditForm",
    "SourceForm",
    "TokenForm",
    "UploadForm",
    "UserUpdateForm",
]


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


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=8, max=200)])
    confirm = PasswordField(_l("New password again"), validators=[DataRequired(), EqualTo("new", _l("The two passwords differ."))])


class TokenForm(FlaskForm):
    scope = SelectField(_l("Scope"), choices=[("read", _l("Read")), ("write", _l("Read and write"))], default="read")
    days = IntegerField(_l("Valid for (days)"), default=90, validators=[NumberRange(min=1, max=730)])


class NewUserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    display_name = StringField(_l("Full name"), validators=[Length(max=200)])
    email = StringField(_l("E-mail"), validators=[Length(max=300)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=200)])
    is_admin = BooleanField(_l("Platform administrator"))
    is_auditor = BooleanField(_l("Auditor"))


class UserUpdateForm(FlaskForm):
    is_active = BooleanField(_l("Account active"))
    is_admin = BooleanField(_l("Platform administrator"))
    is_auditor = BooleanField(_l("Auditor"))
    new_password = PasswordField(_l("New password (leave empty to keep it)"), validators=[Length(max=200)])


class MemberForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    role = SelectField(_l("Role"), choices=[("editor", _l("Editor")), ("admin", _l("Administrator")), ("", _l("No role"))])


class AgencySettingsForm(FlaskForm):
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    website = StringField(_l("Website"), validators=[Length(max=300)])
    email = StringField(_l("Contact e-mail"), validators=[Length(max=300)])
    shares_with_parent = BooleanField(_l("The agency above may read our drafts and harvest logs"))


class DatasetEditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    licence = SelectField(_l("Licence"), validators=[DataRequired()])
    tags = StringField(_l("Keywords (separated by commas)"), validators=[Length(max=1000)])
    frequency = SelectField(_l("Update frequency"), validators=[DataRequired()])
    schema_id = SelectField(_l("Shared schema (uploads and harvests are validated against it)"), default="")
    contact_name = StringField(_l("Contact point (a person or an office)"), validators=[Length(max=200)])
    contact_email = StringField(_l("Contact e-mail"), validators=[Length(max=300)], render_kw={"type": "email"})
    themes = SelectMultipleField(_l("Themes"), widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    spatial = StringField(_l("Places covered (provinces by name or code, communes by code, separated by commas)"),
                          validators=[Length(max=2000)])
    temporal_start = StringField(_l("Period covered: from"), render_kw={"type": "date"})
    temporal_end = StringField(_l("Period covered: to"), render_kw={"type": "date"})


class InventoryForm(FlaskForm):
    title = StringField(_l("Dataset planned"), validators=[DataRequired(), Length(max=300)])
    due = StringField(_l("Due date"), validators=[DataRequired()], render_kw={"type": "date"})
    dataset = StringField(_l("Published as (dataset slug, optional)"), validators=[Length(max=120)])


class SourceEditForm(FlaskForm):
    url = StringField(_l("Address"), validators=[DataRequired(), Length(max=2000)])
    options = TextAreaField(_l("Options (one key=value per line)"), validators=[Length(max=10000)])
    schedule = StringField(_l("Schedule"), validators=[Length(max=100)])


class SourceForm(SourceEditForm):
    type = SelectField(_l("Source type"), validators=[DataRequired()])
    name = StringField(_l("Name (optional)"), validators=[Length(max=100)])
