"""Read models for the web app and the command line: functions that return ``views`` dataclasses."""
