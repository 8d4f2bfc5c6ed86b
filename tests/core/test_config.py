"""Settings: environment, NAME_FILE secrets, multi-value secrets."""

from pathlib import Path

import pytest

from py_nodes.core.config import Settings, secret_values


def test_settings_secret_read_from_name_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_file = tmp_path / "api_keys"
    secret_file.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("API_KEYS", "from-env")
    monkeypatch.setenv("API_KEYS_FILE", str(secret_file))

    settings = Settings()

    assert settings.api_keys is not None
    assert settings.api_keys.get_secret_value() == "from-file"


def test_settings_secret_read_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WHATSAPP_VERIFY_TOKEN", "token-env")

    settings = Settings()

    assert settings.whatsapp_verify_token is not None
    assert settings.whatsapp_verify_token.get_secret_value() == "token-env"


def test_settings_unreadable_secret_file_names_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_API_KEY_FILE", str(tmp_path / "missing"))

    with pytest.raises(ValueError, match="LLM_API_KEY_FILE"):
        Settings()


def test_settings_no_secret_has_a_default() -> None:
    settings = Settings(_env_file=None)

    secrets = {
        name: getattr(settings, name)
        for name, field in Settings.model_fields.items()
        if "SecretStr" in str(field.annotation)
    }

    assert secrets, "expected secret fields"
    assert all(value is None for value in secrets.values()), secrets


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("a,b", ["a", "b"], id="comma"),
        pytest.param("a\nb\n", ["a", "b"], id="newline"),
        pytest.param(" a , ,b ", ["a", "b"], id="blanks"),
    ],
)
def test_secret_values_splits_rotation_sets(raw: str, expected: list[str]) -> None:
    from pydantic import SecretStr

    assert secret_values(SecretStr(raw)) == expected


def test_settings_csv_lists_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.uy, https://b.uy")

    assert Settings().cors_origins == ["https://a.uy", "https://b.uy"]
