"""All settings of the Python nodes, in one class, read once from the environment and secret files.

Every secret can come from the environment (``NAME``) or from a file named by ``NAME_FILE`` (Docker
secrets under ``/run/secrets/``). No secret has a default in code: a node that needs one and does
not find it refuses to serve that feature, and says which variable is missing.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

Environment = Literal["dev", "test", "staging", "prod"]


class FileSecretsSource(PydanticBaseSettingsSource):
    """Reads ``<FIELD>_FILE`` variables: the file's content, trailing newline removed."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        file_var = f"{field_name.upper()}_FILE"
        path = os.environ.get(file_var)
        if not path:
            return None, field_name, False
        try:
            content = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"{file_var} points to {path!r}, which cannot be read: {exc}") from exc
        return content.rstrip("\r\n"), field_name, False

    def __call__(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, name)
            if value is not None:
                values[key] = value
        return values


class Settings(BaseSettings):
    """Settings of every node. Field ``x_y`` comes from ``X_Y`` or the file in ``X_Y_FILE``."""

    model_config = SettingsConfigDict(
        env_file=None, env_ignore_empty=True, extra="ignore", case_sensitive=False
    )

    # --- runtime -------------------------------------------------------------------------------
    env: Environment = "dev"
    log_level: str = "INFO"
    data_dir: Path = Path("var/data")
    problem_type_base: str = "https://bmc-bot.uy/problems"
    public_base_url: str = "http://127.0.0.1:8000"
    sentry_dsn: SecretStr | None = None

    # --- tracing (py_nodes/core/tracing.py): off unless OTEL_ENABLED=true ----------------------
    otel_enabled: bool = False
    otel_exporter_endpoint: str = "http://otel-collector:4318"
    otel_service_name: str = "bmc-py-nodes"
    otel_sample_ratio: float = Field(default=1.0, ge=0, le=1)

    # --- storage ---------------------------------------------------------------------------------
    mongodb_uri: SecretStr | None = None
    mongodb_db: str = "bmc_bot"
    mongodb_timeout_ms: int = Field(default=2000, ge=100, le=60000)
    mongodb_pool_size: int = Field(default=20, ge=1, le=500)
    redis_url: SecretStr | None = None
    qdrant_url: str | None = None
    qdrant_api_key: SecretStr | None = None
    dependency_timeout_s: float = Field(default=1.0, gt=0, le=30)

    # --- quote node ------------------------------------------------------------------------------
    catalog_path: Path | None = None
    price_list: Literal["web", "venta"] = "web"
    catalog_cache_ttl_s: int = Field(default=300, ge=1)

    # --- ai node ---------------------------------------------------------------------------------
    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = Field(default=4.0, gt=0, le=120)
    llm_max_retries: int = Field(default=2, ge=0, le=5)
    embeddings_base_url: str | None = None
    embeddings_model: str = "text-embedding-3-small"
    knowledge_path: Path | None = None
    session_ttl_s: int = Field(default=24 * 3600, ge=60)

    # --- hand-off to sales (py_nodes/core/contacts.py) -----------------------------------------
    # A chat handed to sales returns to the bot after this long unless a seller releases it first.
    handoff_release_after_s: int = Field(default=24 * 3600, ge=60)
    # While a chat is with sales, at most one short holding reply per this interval.
    handoff_holding_interval_s: int = Field(default=6 * 3600, ge=60)

    # --- sales desk (py_nodes/desk/) -----------------------------------------------------------
    # Sellers, one a line: ``user:argon2hash:Name`` (python -m py_nodes.desk.hash_password).
    desk_accounts: SecretStr | None = None
    # Session cookie signing keys, newest first (several are valid during a rotation).
    desk_session_keys: SecretStr | None = None
    desk_session_ttl_s: int = Field(default=10 * 3600, ge=60)
    # Sign-in attempts per user (cleared by a right password) and per address in the window.
    desk_login_max_attempts_user: int = Field(default=5, ge=1)
    desk_login_max_attempts_address: int = Field(default=20, ge=1)
    desk_login_window_s: int = Field(default=900, ge=10)
    # The n8n flow that sends a seller's reply (workflows/n8n-export/desk-reply.json).
    desk_reply_url: str | None = None
    # The quote node's HTTP API and the desk's own client there (``client_id:client_secret``,
    # listed in AUTH_CLIENTS with scopes quotes:read quotes:write export).
    desk_quote_api_url: str = "http://127.0.0.1:8000"
    desk_quote_client: SecretStr | None = None

    # --- security node ---------------------------------------------------------------------------
    # Comma- or newline-separated lists: several values are valid at once during a rotation.
    api_keys: SecretStr | None = None
    whatsapp_app_secrets: SecretStr | None = None
    whatsapp_verify_token: SecretStr | None = None
    token_signing_keys: SecretStr | None = None
    auth_clients: SecretStr | None = None
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"]
    )
    rate_limits_enabled: bool = True

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_csv(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Explicit arguments win, then NAME_FILE, then NAME: a mounted secret beats a stray one.
        assert isinstance(env_settings, EnvSettingsSource)
        return (init_settings, FileSecretsSource(settings_cls), env_settings)

    @property
    def uses_embedded_mongo(self) -> bool:
        return self.mongodb_uri is None


def secret_values(secret: SecretStr | None) -> list[str]:
    """Split a multi-value secret (comma or newline separated) into its non-empty values."""
    if secret is None:
        return []
    raw = secret.get_secret_value().replace("\n", ",")
    return [value.strip() for value in raw.split(",") if value.strip()]


@lru_cache
def load_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
