"""The stages run end to end on plain data: normalise → validate (prepare) and package (publish)."""
