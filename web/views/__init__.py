"""Blueprints: ``site`` (public pages), ``upload`` (the officer's path), ``api_v1`` (JSON)."""
