"""Targets the platform pushes its published datasets to: a national CKAN (``ckan``)."""
