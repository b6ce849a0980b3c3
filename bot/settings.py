"""Settings from the environment or .env, validated so a bad value stops the start with one clear line."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/migraine.db"
DEFAULT_SANDBOX_DATABASE_URL = "sqlite+aiosqlite:///./data/sandbox.db"
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,60}$")


class Settings(BaseSettings):
    """Every setting the bot reads; see .env.example."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    # The terminal sandbox's own database: it never opens DATABASE_URL, so it cannot send anything from it.
    sandbox_database_url: str = DEFAULT_SANDBOX_DATABASE_URL
    # PostgreSQL only: connections per pool (each instance has two: transactions and single reads), so an
    # instance opens at most 2 * (DATABASE_POOL_SIZE + DATABASE_MAX_OVERFLOW). All kept, none in overflow: see
    # storage.db.POOL_SIZE.
    database_pool_size: int = Field(default=12, ge=1, le=100)
    database_max_overflow: int = Field(default=0, ge=0, le=100)
    operator_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_timezone: str = "UTC"
    emergency_number: str = "112"
    # Who runs this copy of the bot, named in /privacy: they run the database that holds people's diaries.
    operator_name: str | None = Field(default=None, max_length=100)
    operator_contact: str | None = Field(default=None, max_length=200)
    telegram_api_base_url: str | None = None
    telegram_poll_interval: float = Field(default=0.0, ge=0, le=60)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    scheduler_tick_seconds: float = Field(default=5.0, gt=0, le=300)
    # PostgreSQL: how often an instance compares its lessons with the version /reload published, in case
    # a LISTEN/NOTIFY message was lost (notifications themselves arrive within moments).
    catalog_check_seconds: float = Field(default=10.0, gt=0, le=3600)
    broadcast_rate_per_second: float = Field(default=25.0, gt=0, le=1000)
    # On a clean stop, how long broadcast sends already handed to Telegram may take to be answered and
    # recorded (so a restart repeats none). Below Docker's default 10 s between SIGTERM and SIGKILL.
    broadcast_stop_grace_seconds: float = Field(default=8.0, ge=0, le=300)
    telegram_overall_max_rate: float = Field(default=30.0, ge=0, le=1000)
    log_format: Literal["text", "json"] = "text"
    log_hash_salt: SecretStr | None = None
    # How long the operators' audit trail (operator actions, refused operator attempts) is kept, in days.
    audit_retention_days: int = Field(default=365, ge=1, le=3650)
    # How many rendered /stats charts an instance keeps in memory (about 170 KB each; 0: none), so the same
    # picture is not drawn twice. Keyed by what they draw, so never stale (bot/reports/chart_cache.py).
    stats_chart_cache: int = Field(default=100, ge=0, le=10000)
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # Webhook mode (bot/webhook.py): `python -m bot --webhook`, or any WEBHOOK_URL.
    webhook_url: str | None = None
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = Field(default=None, validate_default=True)
    webhook_max_connections: int = Field(default=40, ge=1, le=100)
    webhook_set: bool = True
    # Seconds a webhook connection may sit idle or take to send its headers, and to send its body.
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # /healthz and /metrics (webhook mode, INTERNAL_PORT; polling mode, METRICS_PORT) listen here, never on
    # the public webhook address: the health report and the metrics are for the operator's network only.
    internal_listen: str = "127.0.0.1"
    internal_port: int = Field(default=8081, ge=1, le=65535)

    @field_validator("bot_token", mode="before")
    @classmethod
    def _check_token(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not TOKEN_PATTERN.match(value.strip()):
            # Never echo the value: it may be a real secret with a typo.
            raise ValueError(
                "does not look like a bot token from @BotFather (digits, a colon, then 35 characters)"
            )
        return value.strip()

    @field_validator("log_hash_salt", "metrics_port", "operator_name", "operator_contact", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_hash_salt")
    @classmethod
    def _check_salt(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 16:
            raise ValueError("must be at least 16 characters (a random string, kept secret)")
        return value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("database_url", "sandbox_database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("operator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            if not all(p.isdigit() for p in parts):
                raise ValueError("must be Telegram user ids separated by commas, e.g. 12345,67890")
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("default_timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone name such as Europe/London") from exc
        return value

    @field_validator("emergency_number")
    @classmethod
    def _check_emergency_number(cls, value: str) -> str:
        if not re.fullmatch(r"\+?[0-9][0-9 -]{1,14}", value.strip()):
            raise ValueError("must be a phone number such as 112, 999 or 911")
        return value.strip()

    @field_validator("telegram_api_base_url")
    @classmethod
    def _check_base_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        assert value is not None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http(s) URL such as http://127.0.0.1:8081/bot")
        return value

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _check_webhook_url(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str) or not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", value.strip()):
            raise ValueError("must be the bot's public URL, e.g. https://bot.example.org/telegram")
        return value.strip()

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _check_webhook_secret(cls, value: object, info: ValidationInfo) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            if info.data.get("webhook_url"):
                raise ValueError("is required when WEBHOOK_URL is set (1-256 of A-Z a-z 0-9 _ -)")
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
            # Never echo the value: it is a secret.
            raise ValueError("must be 1-256 characters, each a letter, a digit, _ or - (Telegram's rule)")
        return value

    def is_operator(self, user_id: int) -> bool:
        """Tell whether a Telegram user id belongs to an operator."""
        return user_id in self.operator_ids


class SettingsError(Exception):
    """Settings could not be loaded; the message is one line that is safe to print."""


def load_settings(*, env_file: str | None = ".env", **overrides: Any) -> Settings:
    """Load settings, turning validation errors into one printable line without secrets."""
    try:
        return Settings(_env_file=env_file, **overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "settings"
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(f"{name}: {message}")
        raise SettingsError("Configuration error: " + "; ".join(problems)) from None
