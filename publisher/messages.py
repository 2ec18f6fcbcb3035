"""Every code the platform emits, with its message template, in one place for translators.

Errors, repair notes and validation findings travel as ``code`` + ``params``; they become
sentences only here, at render time, through whichever ``gettext`` the caller has (Flask-Babel
in the web app, a Babel catalogue on the command line). Templates are English msgids; the
Vietnamese catalogue in ``publisher/translations`` is complete (a test enforces it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Explanation",
    "N_",
    "describe_note",
    "error_message",
    "explain",
    "field_error",
    "harvest_message",
    "label",
]

Gettext = Callable[[str], str]


def N_(text: str) -> str:
    """Mark a template for extraction; it is translated when rendered."""
    return text


ERRORS: dict[str, str] = {
    # Files that cannot be read (datapackages.errors)
    "empty-file": N_("The file is empty."),
    "unsupported-file-type": N_(
        "This file is not a spreadsheet we can read (it looks like %(detected)s). "
        "Upload a CSV file or an Excel workbook (.xlsx)."
    ),
    "corrupt-file": N_("The file is damaged and cannot be opened. Save it again from its program and re-upload it."),
    "file-too-large": N_("The file is too large: the limit is %(limit_mb)s MB."),
    "zip-bomb": N_("The workbook unpacks to far more data than its size suggests, so it was refused for safety."),
    "xml-entities": N_("The workbook contains XML entity declarations, which are refused for safety."),
    "unknown-encoding": N_("The text encoding of the file could not be recognised. Save it as UTF-8 and re-upload it."),
    "line-too-long": N_("Row %(row)s is longer than the limit. Check that the file really is a table."),
    "too-many-columns": N_("Row %(row)s has more than %(limit)s columns."),
    "no-visible-sheet": N_("The workbook has no visible sheet to publish."),
    "invalid-schema": N_("The Table Schema is not valid: %(reason)s"),
    "file-too-complex": N_("The file needs more memory to read than is allowed: it is damaged or built to overload the reader."),
    "file-too-slow": N_("Reading the file took longer than %(seconds)s seconds, so it was stopped. Split it into smaller files."),
    "password-protected": N_("The workbook is protected by a password. Remove the password in Excel and upload it again."),
    "macro-workbook-mislabelled": N_(
        "This file is a workbook with macros named like an ordinary workbook, so it was refused. "
        "Save it as an ordinary .xlsx workbook and upload it again."
    ),
    # Use cases (publisher.errors)
    "not-found": N_("Not found."),
    "dataset-not-found": N_("There is no dataset “%(slug)s”."),
    "agency-not-found": N_("There is no agency “%(slug)s”."),
    "inventory-item-not-found": N_("There is no inventory item %(item)s for this agency."),
    "draft-not-found": N_("There is no such draft."),
    "version-not-found": N_("There is no such version."),
    "file-not-found": N_("There is no such file."),
    "resource-not-found": N_("This version has no table named “%(name)s”."),
    "user-not-found": N_("There is no user “%(username)s”."),
    "not-authorized": N_("You are not allowed to do this."),
    "login-required": N_("Please sign in first."),
    "read-only-token": N_("Writing through the API needs an API token with the write scope."),
    "not-agency-editor": N_("Only editors of this agency may do this."),
    "not-your-account": N_("You may only do this for your own account."),
    "admin-only": N_("Only platform administrators may do this."),
    "login-failed": N_("The username or password is wrong."),
    "account-locked": N_("Too many wrong passwords: the account is locked. Try again in %(minutes)s minutes, or ask an administrator to reset the password."),
    "not-agency-admin": N_("Only administrators of this agency may do this."),
    "auditors-only": N_("Only auditors and administrators may read this."),
    "token-not-found": N_("There is no such API token."),
    "cannot-lock-yourself-out": N_("You cannot disable your own account or remove your own administrator role."),
    "too-many-requests": N_("Too many requests. Please wait a moment and try again."),
    "unsafe-pattern": N_("The pattern of field “%(field)s” could take forever to check; write it without nested repetitions."),
    "invalid-token": N_("The API token is not valid, has expired or was revoked."),
    "conflict": N_("This clashes with the current state."),
    "slug-taken": N_("The address “%(slug)s” is already used."),
    "username-taken": N_("The username “%(username)s” is already used."),
    "not-a-draft": N_("This version is no longer a draft."),
    "publish-contention": N_("Several publications happened at once. Please try again."),
    "invalid-input": N_("Some fields need correcting."),
    "gone": N_("This was withdrawn."),
    "dataset-withdrawn": N_("The dataset “%(slug)s” was withdrawn: its earlier versions stay downloadable by number."),
    "invalid-modified-since": N_("“%(value)s” is not a date: write modified_since as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ."),
    # Pushing to a national CKAN (publisher.services.pushes)
    "ckan-not-configured": N_("No CKAN to push to: set OPENDATA_CKAN_URL and OPENDATA_CKAN_API_KEY."),
    "ckan-unavailable": N_("The CKAN did not answer (a timeout, a refused connection or a server error), even after retrying."),
    "ckan-refused": N_("The CKAN refused the dataset: %(detail)s"),
    "ckan-not-authorised": N_("The CKAN refused the API key: it may not create or change these datasets."),
    "ckan-name-taken": N_("The CKAN already has a dataset of another publisher under this name."),
    "ckan-not-found": N_("The CKAN no longer has this dataset."),
    "ckan-error": N_("The CKAN answered something unexpected: %(detail)s"),
    # Harvest sources (publisher.services.sources)
    "source-not-found": N_("There is no such harvest source."),
    "run-not-found": N_("There is no such harvest run."),
    "source-name-taken": N_("This agency already has a source named “%(name)s”."),
    "harvest-running": N_("This source is being harvested right now. Wait for that run to finish."),
    # Jobs at scale (publisher.broker)
    "unavailable": N_("This cannot be done right now. Please try again later."),
    "jobs-unavailable": N_("The job queue does not answer, so the work could not be started. Please try again later."),
    # Web edge
    "csrf-failed": N_("The form expired. Please reload the page and try again."),
    "request-too-large": N_("The upload is too large: the limit is %(limit_mb)s MB."),
    "bad-request": N_("The request is not valid."),
    "method-not-allowed": N_("This method is not allowed here."),
    "server-error": N_("Something went wrong on our side. The error was recorded; please try again later."),
    "missing-file": N_("Choose a file to upload."),
    "invalid-json": N_("The request body must be a JSON object."),
}

FIELD_ERRORS: dict[str, str] = {
    "required": N_("This field is required."),
    "too-long": N_("This is too long."),
    "too-many": N_("There are too many."),
    "unknown-licence": N_("Choose a licence from the list."),
    "unknown-frequency": N_("Choose an update frequency from the list."),
    "invalid-email": N_("Write an e-mail address such as dulieumo@example.gov.vn."),
    "unknown-theme": N_("Choose themes from the list."),
    "unknown-unit": N_("Write provinces by name or code (“Bắc Ninh” or “24”) and communes by their five-digit code, separated by commas."),
    "invalid-date": N_("Write a date as YYYY-MM-DD."),
    "end-before-start": N_("The end of the period comes before its start."),
    "dataset-not-of-agency": N_("Give the slug of one of this agency's datasets."),
    "unknown-schema": N_("Choose a shared schema from the list."),
    "invalid-slug": N_("Use lowercase letters, digits and hyphens only."),
    # Personal data (services.personal, datapackages.personal.InvalidDecision)
    "personal-data-undecided": N_("Decide first what to publish of every column that holds personal data."),
    "unknown-personal-decision": N_("Choose to drop, mask, hash or keep the column."),
    "keep-needs-reason": N_("Say why this column is not personal data (for example: the agency's public hotline)."),
    "too-many-digits-kept": N_("Keep at most 4 characters visible."),
    "not-a-flagged-column": N_("This column was not flagged as personal data."),
    "nothing-left": N_("Every column of a table would be dropped: keep at least one column."),
    "salt-too-short": N_("The platform's personal_salt setting is too short (at least 16 bytes) to hash safely."),
    "unknown-field": N_("The table has no such column."),
    "unknown-action": N_("Choose to drop, mask, hash or keep the column."),
    "unknown-level": N_("Choose a level from the list."),
    "invalid-username": N_("Use letters, digits, dots, hyphens and underscores only."),
    "password-too-short": N_("The password must have at least 8 characters."),
    "unknown-role": N_("Choose a role from the list."),
    "unknown-scope": N_("The scope must be read or write."),
    "confirm-invalid-data": N_("The data has errors: confirm that you want to publish it anyway."),
    "wrong-password": N_("The current password is wrong."),
    "missing-file": N_("Choose a file to upload."),
    "invalid-repair-options": N_("The corrections must be written as the API documentation shows."),
    "invalid-version-number": N_("Give a version number: 1, 2, 3…"),
    "invalid-number": N_("Write a whole number, 1 or more."),
    # Harvest source settings (harvesters.check_config and the source form)
    "address-not-allowed": N_(
        "This platform may not harvest this address: a private or internal address, or a host missing from its "
        "harvest allow-list (OPENDATA_HARVEST_ALLOW)."
    ),
    "invalid-schedule": N_("Write a schedule as cron (“0 2 * * *”) or as “every 6h”, at least five minutes apart."),
    "invalid-option": N_("Write one option per line as key=value."),
    "unknown-source-type": N_("Choose a source type from the list."),
    "unknown-option": N_("This source type has no such option."),
    "wrong-type": N_("This value has the wrong type."),
    "wrong-format": N_("This value is not written the expected way."),
    "not-allowed-value": N_("This value is not one of those allowed."),
    "too-small": N_("This value is too small."),
    "too-large": N_("This value is too large."),
    "choose-one": N_("Give exactly one of these settings."),
    "invalid-value": N_("This value is not valid."),
    "unknown-facet": N_("There is no filter by this name."),
    "unknown-sort": N_("Sort by relevance, title, newest or updated."),
    "not-found": N_("Nothing by this name was found at the source."),
    "invalid-query": N_("The source refused this query."),
    "query-failed": N_("The database could not run this query."),
    "unsupported-database": N_("This kind of database is not supported: use PostgreSQL, MySQL, MariaDB or SQLite."),
    "unsupported-driver": N_("Leave the driver out of the address (write postgresql://, not postgresql+driver://)."),
}

# What a harvest can say about a source or an item (harvesters.errors and the runner), by code.
HARVEST_ERRORS: dict[str, str] = {
    # The source's settings
    "invalid-config": N_("The source's settings are wrong (%(fields)s). Correct them on the source's page."),
    "unknown-source-type": N_("The source type “%(type)s” is not available on this platform."),
    # Unreachable now; a later run may succeed
    "connection-failed": N_("Could not connect to %(url)s."),
    "timeout": N_("%(url)s took too long to answer."),
    "http-error": N_("%(url)s answered with the error %(status)s."),
    "name-not-resolved": N_("The host name %(host)s does not exist (DNS)."),
    "too-many-redirects": N_("%(url)s redirects more than %(limit)s times."),
    "listing-changed": N_("The source changed while it was listed (%(listed)s of %(expected)s datasets): try again later."),
    "database-unreachable": N_("Could not connect to the database %(url)s."),
    "database-error": N_("The database answered with an error: %(reason)s"),
    # The source answered with something unusable
    "too-large": N_("%(url)s is larger than the limit of %(limit_mb)s MB."),
    "corrupt-response": N_("The answer from %(url)s is damaged."),
    "invalid-json": N_("The answer from %(url)s is not valid JSON."),
    "invalid-url": N_("“%(url)s” is not a valid web address."),
    "not-ckan-api": N_("%(url)s does not answer like a CKAN site (action %(action)s)."),
    "not-a-data-json": N_("%(url)s is not a data.json catalogue."),
    "invalid-rdf": N_("The catalogue at %(url)s cannot be read as RDF: %(reason)s"),
    "unknown-rdf-format": N_("The RDF syntax of %(url)s is unknown (%(media_type)s): set the format option."),
    "unsafe-xml": N_("The catalogue at %(url)s declares XML entities, which are refused for safety."),
    "invalid-jsonld-context": N_("A JSON-LD context of %(url)s cannot be read."),
    "too-many-contexts": N_("%(url)s uses more than %(limit)s remote JSON-LD contexts."),
    "unsupported-jsonld": N_("%(url)s uses a JSON-LD feature that is not supported (%(feature)s)."),
    "too-many-pages": N_("%(url)s has more than %(limit)s pages: raise the max_pages option if that is expected."),
    "paging-loop": N_("The pages of %(url)s lead back to a page already read."),
    "records-not-found": N_("No list of records at “%(path)s” in %(url)s: check the records option."),
    "records-not-objects": N_("The records are not objects: set the fields option."),
    # Refused by the safety rules
    "host-not-allowed": N_("The host %(host)s is not on this platform's harvest allow-list (OPENDATA_HARVEST_ALLOW)."),
    "private-address": N_("%(host)s resolves to a private address (%(address)s): refused unless the allow-list names it exactly."),
    "unsupported-scheme": N_("Only http and https addresses can be harvested, not %(scheme)s."),
    "path-not-allowed": N_("The folder %(path)s is outside the folders this platform may read (OPENDATA_HARVEST_LOCAL_ROOTS)."),
    "invalid-allow-list": N_("The platform's harvest allow-list is wrong: %(allow)s"),
    # Items
    "no-supported-file": N_("No file in a supported format (%(formats)s); found: %(found)s."),
    "invalid-data": N_("The data has %(errors)s errors: kept as a draft for review; the last good version stays online."),
    "personal-data-undecided": N_(
        "Personal data in columns no officer has decided on yet (%(columns)s): kept as a draft until an officer "
        "of the agency decides on its page; the last good version stays online."
    ),
    "internal-error": N_("An unexpected error stopped this (%(reason)s). It was recorded."),
    "interrupted": N_("The run stopped when its process stopped."),
    # The deployment's harvester set
    "unknown-harvester": N_("No installed harvester matches “%(name)s” (installed: %(installed)s)."),
    "duplicate-harvester": N_("Two plugins are named “%(name)s”: %(plugins)s."),
    "broken-harvester": N_("The harvester “%(name)s” cannot be loaded: %(reason)s"),
}
_HARVEST_FALLBACK = N_("The harvest failed (%(code)s).")

# What each frictionless error type means, and how an officer fixes it.
VALIDATION: dict[str, tuple[str, str]] = {
    "type-error": (
        N_("“%(cell)s” is not %(expected)s."),
        N_("Correct the value, or leave the cell empty if it is unknown."),
    ),
    "constraint-error": (N_("“%(cell)s” breaks a rule of this column: %(constraint)s."), N_("Correct the value so it follows the rule.")),
    "missing-cell": (N_("The row has no cell for this column."), N_("Add the missing value, or an empty cell.")),
    "extra-cell": (N_("The row has a cell “%(cell)s” beyond the last column."), N_("Remove the cell, or give its column a title.")),
    "blank-row": (N_("The row is empty."), N_("Delete the empty row.")),
    "primary-key": (N_("The key of this row repeats another row's key (%(note)s)."), N_("Make the key unique in every row.")),
    "unique-error": (N_("“%(cell)s” repeats a value that must be unique in this column (%(note)s)."), N_("Make the values of this column unique.")),
    "foreign-key": (N_("The value does not match any entry of the reference table (%(note)s)."), N_("Use a value listed in the reference table.")),
    "unknown-code": (
        N_("“%(cell)s” is not a code of the national reference list (%(note)s)."),
        N_("Use a code from the national list, written exactly as listed (with its leading zeros)."),
    ),
    "duplicate-label": (N_("Two columns have the same title."), N_("Give every column its own title.")),
    "blank-label": (N_("A column has no title."), N_("Give the column a title.")),
    "incorrect-label": (N_("The column title does not match the schema (%(note)s)."), N_("Rename the column as the schema says, or correct the schema.")),
    "missing-label": (N_("A column of the schema is missing from the file."), N_("Add the column, or remove it from the schema.")),
    "extra-label": (N_("The file has a column the schema does not describe."), N_("Remove the column, or add it to the schema.")),
    "encoding-error": (N_("The text encoding is broken (%(note)s)."), N_("Save the file as UTF-8 and upload it again.")),
    "source-error": (N_("The data could not be read (%(note)s)."), N_("Check the file and upload it again.")),
    "format-error": (N_("The file format could not be read (%(note)s)."), N_("Check the file and upload it again.")),
    "hash-count": (N_("The file does not match its recorded checksum."), N_("Upload the file again.")),
    "byte-count": (N_("The file does not match its recorded size."), N_("Upload the file again.")),
}
_DEFAULT_VALIDATION = (N_("%(message)s"), N_("Check this cell against the schema."))

TYPES: dict[str, str] = {
    "string": N_("text"),
    "integer": N_("a whole number (for example 1250)"),
    "number": N_("a number (for example 1250.5)"),
    "boolean": N_("true or false"),
    "date": N_("a date written yyyy-mm-dd (for example 2025-07-01)"),
    "datetime": N_("a date and time written yyyy-mm-ddThh:mm:ss"),
    "time": N_("a time written hh:mm:ss"),
    "year": N_("a year (for example 2025)"),
    "yearmonth": N_("a month written yyyy-mm"),
    "duration": N_("a duration"),
    "geopoint": N_("a geographic point"),
    "geojson": N_("a GeoJSON object"),
    "object": N_("a JSON object"),
    "array": N_("a JSON array"),
    "any": N_("any value"),
}

CONSTRAINTS: dict[str, str] = {
    "required": N_("a value is required"),
    "unique": N_("values must be unique"),
    "minimum": N_("the smallest allowed value is %(value)s"),
    "maximum": N_("the largest allowed value is %(value)s"),
    "exclusiveMinimum": N_("values must be more than %(value)s"),
    "exclusiveMaximum": N_("values must be less than %(value)s"),
    "minLength": N_("at least %(value)s characters"),
    "maxLength": N_("at most %(value)s characters"),
    "pattern": N_("must match the pattern %(value)s"),
    "enum": N_("must be one of %(value)s"),
}

NOTES: dict[str, str] = {
    "read-encoding": N_("Read the text as %(encoding)s and converted it to UTF-8."),
    "read-delimiter": N_("Read the columns as separated by “%(delimiter)s”."),
    "hidden-sheet-skipped": N_("Did not publish the hidden sheet “%(sheet)s”: hidden sheets often hold personal data."),
    "chart-sheet-skipped": N_("Left out the chart sheet “%(sheet)s”."),
    "macros-ignored": N_("The workbook contains macros: they were not run, and only the cell values are published."),
    "title-rows-removed": N_("Removed %(count)s title rows above the table (“%(title)s”)."),
    "unit-note-found": N_("Kept the unit note “%(unit)s” as the table's description."),
    "header-row-found": N_("Read the column titles from row %(row)s."),
    "header-rows-merged": N_("Merged the header rows %(first)s–%(last)s into one title per column."),
    "numbering-row-removed": N_("Removed the column-numbering row %(row)s."),
    "totals-rows-removed": N_("Removed %(count)s totals rows (rows %(rows)s)."),
    "section-rows-removed": N_("Removed %(count)s section title rows (rows %(rows)s)."),
    "notes-rows-removed": N_("Removed %(count)s rows of notes and signatures (rows %(rows)s)."),
    "rows-skipped-by-officer": N_("Left out %(count)s rows as you asked (rows %(rows)s)."),
    "blank-rows-removed": N_("Removed %(count)s empty rows."),
    "blank-columns-removed": N_("Removed empty columns %(columns)s."),
    "blank-header": N_("Column %(column)s had no title: named it “column_%(column)s”."),
    "duplicate-header": N_("Column %(column)s repeats the title “%(title)s”: named it “%(name)s”."),
    "unmatched-header": N_("Column %(column)s “%(title)s” matches no field of the schema."),
    "read-vietnamese-numbers": N_("Read column %(column)s “%(title)s” as Vietnamese numbers (1.234.567,5)."),
    "ambiguous-numbers-read-vietnamese": N_(
        "Column %(column)s “%(title)s” has numbers like 1.234 that could be read two ways: read them the Vietnamese way "
        "(one thousand two hundred and thirty-four). Change it if that is wrong."
    ),
    "read-english-numbers": N_("Read column %(column)s “%(title)s” as numbers written 1,234,567.5."),
    "read-percentages": N_("Read column %(column)s “%(title)s” as percentages (12,5%% → 12.5)."),
    "removed-currency": N_("Removed the currency sign from column %(column)s “%(title)s” (1.500.000 đ → 1500000)."),
    "read-day-first-dates": N_("Read column %(column)s “%(title)s” as dates written day first, and wrote them the ISO way (2025-07-05)."),
    "impossible-dates": N_("Column %(column)s “%(title)s” has %(count)s dates that do not exist (%(examples)s): left as they are, for you to correct."),
    "kept-leading-zeros": N_("Kept column %(column)s “%(title)s” as text so its codes keep their leading zeros."),
    "old-province-names": N_("Column %(column)s “%(title)s” names provinces that no longer exist since 1 July 2025: %(names)s."),
    "excel-errors-emptied": N_("Emptied %(count)s cells holding Excel errors: %(cells)s."),
    "formulas-without-values": N_(
        "%(count)s formulas have no saved result (%(cells)s): they were left empty. Open the file in Excel, "
        "recalculate and save it, then upload it again."
    ),
    "placeholders-as-missing": N_("Treated %(values)s as missing values."),
    "formulas-neutralised": N_("Prefixed %(count)s cells starting with =, +, - or @ with an apostrophe, so no spreadsheet runs them as formulas."),
}

LABELS: dict[str, str] = {
    # What changed in a column between two versions (datapackages.diff)
    "field-change:added": N_("added"),
    "field-change:removed": N_("removed"),
    "field-change:retyped": N_("type changed"),
    "field-change:retitled": N_("title changed"),
    "field-change:reformatted": N_("format changed"),
    "field-change:reconstrained": N_("constraints changed"),
    # Agency levels
    "ministry": N_("Ministry"),
    "province": N_("Province"),
    "commune": N_("Commune"),
    "other": N_("Other agency"),
    # Version statuses
    "draft": N_("Draft"),
    "published": N_("Published"),
    "discarded": N_("Discarded"),
    # Roles
    "editor": N_("Editor"),
    "admin": N_("Administrator"),
    "auditor": N_("Auditor"),
    # Token scopes
    "read": N_("Read"),
    "write": N_("Read and write"),
    # Rows the repair leaves out
    "total": N_("Totals"),
    "section": N_("Section titles"),
    "note": N_("Notes and signatures"),
    "blank": N_("Empty rows"),
    "skipped": N_("Left out as you asked"),
    # File formats
    "csv": N_("CSV"),
    "xlsx": N_("Excel workbook"),
    "xlsm": N_("Excel workbook with macros"),
    "xlsb": N_("Excel binary workbook"),
    "xls": N_("Excel 97–2003 workbook"),
    "ods": N_("OpenDocument spreadsheet"),
    # Harvest source health, run statuses and triggers, item statuses: "<kind>:<value>"
    "health:ok": N_("Working"),
    "health:new": N_("Not harvested yet"),
    "health:partial": N_("Some items failed"),
    "health:failing": N_("Failing"),
    "run:running": N_("Running"),
    "run:succeeded": N_("Succeeded"),
    "run:partial": N_("Finished with failures"),
    "run:failed": N_("Failed"),
    "run:interrupted": N_("Interrupted"),
    "trigger:schedule": N_("On schedule"),
    "trigger:manual": N_("Run by hand"),
    "trigger:cli": N_("Command line"),
    "item:new": N_("New"),
    "item:updated": N_("Updated"),
    "item:unchanged": N_("Unchanged"),
    "item:skipped": N_("Skipped"),
    "item:failed": N_("Failed"),
    "item:withdrawn": N_("Withdrawn"),
    "push:created": N_("Created at CKAN"),
    "push:updated": N_("Updated at CKAN"),
    "push:unchanged": N_("Unchanged"),
    "push:deleted": N_("Deleted at CKAN"),
    "push:failed": N_("Failed"),
    "withdrawn:gone-at-source": N_("No longer published by its source"),
    "withdrawn:withdrawn-by-agency": N_("Withdrawn by its agency"),
    # Validation error types, as the columns of the "error types × columns" table: "error:<type>"
    "error:type-error": N_("Wrong type"),
    "error:constraint-error": N_("Rule broken"),
    "error:missing-cell": N_("Missing cell"),
    "error:extra-cell": N_("Extra cell"),
    "error:blank-row": N_("Empty row"),
    "error:primary-key": N_("Repeated key"),
    "error:unique-error": N_("Repeated value"),
    "error:foreign-key": N_("Not in the reference table"),
    "error:unknown-code": N_("Not in the national list"),
    "error:duplicate-label": N_("Repeated title"),
    "error:blank-label": N_("Missing title"),
    "error:incorrect-label": N_("Wrong title"),
    "error:missing-label": N_("Missing column"),
    "error:extra-label": N_("Extra column"),
    "error:encoding-error": N_("Broken encoding"),
    "error:source-error": N_("Unreadable data"),
    "error:format-error": N_("Unreadable format"),
    # Kinds of personal data, evidence and decisions
    "personal:citizen-id": N_("Citizen identity number (CCCD)"),
    "personal:id-card": N_("Identity card number (CMND)"),
    "personal:passport-number": N_("Passport number"),
    "personal:phone-number": N_("Phone number"),
    "personal:email-address": N_("E-mail address"),
    "personal:bank-account": N_("Bank account number"),
    "personal:card-number": N_("Payment card number"),
    "personal:date-of-birth": N_("Date of birth"),
    "personal:person-name": N_("Person's full name"),
    "personal:home-address": N_("Home address"),
    "why:value-pattern": N_("the values have its shape"),
    "why:column-title": N_("the column title says so"),
    "decision:drop": N_("Drop the column"),
    "decision:mask-last-digits": N_("Mask it, keeping the last digits"),
    "decision:hash": N_("Replace it by a salted hash (joins still work)"),
    "decision:keep": N_("Keep it: it is not personal data"),
}


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def _fill(template: str, params: Mapping[str, Any]) -> str:
    values = _Params(params)
    if "limit" in values and "limit_mb" not in values:
        values["limit_mb"] = _megabytes(values["limit"])
    try:
        return template % values
    except (TypeError, ValueError):
        return template


def _megabytes(size: Any) -> str:
    try:
        return f"{int(size) / (1024 * 1024):.0f}"
    except (TypeError, ValueError):
        return "?"


def error_message(code: str, params: Mapping[str, Any], gettext: Gettext) -> str:
    template = ERRORS.get(code) or FIELD_ERRORS.get(code) or ERRORS["bad-request"]
    return _fill(gettext(template), params)


def field_error(code: str, gettext: Gettext) -> str:
    return gettext(FIELD_ERRORS.get(code, FIELD_ERRORS["required"]))


def label(value: str, gettext: Gettext, kind: str | None = None) -> str:
    """The label of a value; ``kind`` (``health``, ``run``, ``trigger``, ``item``) names a status enum."""
    template = LABELS.get(f"{kind}:{value}" if kind else value)
    return gettext(template) if template else value


def harvest_message(code: str, params: Mapping[str, Any], gettext: Gettext) -> str:
    """A harvest error (of a run or an item) as a sentence; file errors use their upload messages."""
    params = dict(params)
    if isinstance(params.get("fields"), Mapping):
        params["fields"] = ", ".join(f"{name}: {field_error(error, gettext)}" for name, error in params["fields"].items())
    for name in ("formats", "found", "installed", "plugins", "allow"):
        if isinstance(params.get(name), (list, tuple)):
            params[name] = ", ".join(str(item) for item in params[name])
    template = HARVEST_ERRORS.get(code) or ERRORS.get(code)
    if template is None:
        return _fill(gettext(_HARVEST_FALLBACK), {"code": code})
    return _fill(gettext(template), params)


def describe_note(note: Mapping[str, Any], gettext: Gettext) -> str:
    template = NOTES.get(note["code"])
    if template is None:
        return str(note["code"])
    return _fill(gettext(template), note.get("params", {}))


@dataclass(frozen=True)
class Explanation:
    """One validation error as an officer reads it: where, what is wrong, how to fix it."""

    type: str
    row: int | None
    column: int | None
    field: str | None
    """The column's title (or name when it has none)."""
    cell: str | None
    what: str
    fix: str


_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)" is "(.*)"', re.S)


def explain(error: Mapping[str, Any], fields: list[Mapping[str, Any]], gettext: Gettext) -> Explanation:
    """Explain a frictionless error (a dict from a report) with the table's schema fields."""
    kind = str(error.get("type", ""))
    what_template, fix_template = VALIDATION.get(kind, _DEFAULT_VALIDATION)
    field_number = error.get("fieldNumber")
    field_spec = fields[field_number - 1] if isinstance(field_number, int) and 0 < field_number <= len(fields) else None
    params: dict[str, Any] = {
        "cell": _shorten(error.get("cell")),
        "note": error.get("note", ""),
        "message": error.get("message", kind),
        "expected": gettext(TYPES.get(field_spec.get("type", "any"), TYPES["any"])) if field_spec else "",
        "constraint": "",
    }
    if kind == "constraint-error":
        match = _CONSTRAINT_NOTE.search(str(error.get("note", "")))
        if match:
            name, value = match.groups()
            template = CONSTRAINTS.get(name)
            params["constraint"] = _fill(gettext(template), {"value": value}) if template else match.group(0)
    field_title = None
    if field_spec:
        field_title = field_spec.get("title") or field_spec.get("name")
    elif error.get("fieldName"):
        field_title = str(error["fieldName"])
    return Explanation(
        type=kind,
        row=error.get("rowNumber"),
        column=field_number if isinstance(field_number, int) else None,
        field=field_title,
        cell=params["cell"] or None,
        what=_fill(gettext(what_template), params),
        fix=_fill(gettext(fix_template), params),
    )


def _shorten(value: Any, limit: int = 80) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
