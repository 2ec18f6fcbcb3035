"""The built-in compliance checks, one module per principle; registered in pyproject.toml's
``opendata.checks`` group exactly as a third party's would be."""
