"""Settings come from config/defaults.toml, then OPENDATA_* variables, then explicit overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from publisher.settings import load_settings


def test_embedded_defaults_live_under_var(tmp_path: Path) -> None:
    settings = load_settings({"var_dir": str(tmp_path)}, environ={})
    assert (settings.host, settings.port) == ("127.0.0.1", 5000)
    assert settings.database_url == f"sqlite:///{tmp_path / 'opendata.db'}"
    assert settings.storage_url == str(tmp_path / "storage")
    assert settings.default_locale == "vi"


def test_the_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    first = load_settings({"var_dir": str(tmp_path)}, environ={}).secret_key
    second = load_settings({"var_dir": str(tmp_path)}, environ={}).secret_key
    assert first == second and len(first) >= 48
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_environment_variables_override_defaults_and_overrides_win(tmp_path: Path) -> None:
    environ = {
        "OPENDATA_PORT": "8080",
        "OPENDATA_HOST": "0.0.0.0",
        "OPENDATA_DATABASE_URL": "postgresql://app@db.example/opendata",
        "OPENDATA_STORAGE_URL": "s3://bucket/opendata",
        "OPENDATA_VAR_DIR": str(tmp_path),
    }
    settings = load_settings({"host": "127.0.0.2"}, environ=environ)
    assert settings.port == 8080
    assert settings.host == "127.0.0.2"
    assert settings.database_url == "postgresql+psycopg://app@db.example/opendata"
    assert settings.storage_url == "s3://bucket/opendata"


def test_an_unknown_setting_is_an_error_not_silence(tmp_path: Path) -> None:
    with pytest.raises(KeyError):
        load_settings({"prot": 80, "var_dir": str(tmp_path)}, environ={})
