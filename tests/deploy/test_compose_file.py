"""docker-compose.yml, checked as data: no Docker engine runs here, so this is its only validation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def compose() -> dict[str, Any]:
    """The compose file as YAML data (anchors and merge keys resolved)."""
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def test_postgres_reports_ready_with_pg_isready() -> None:
    postgres = compose()["services"]["postgres"]

    assert postgres["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_migrations_run_once_for_every_head_after_postgres_is_healthy() -> None:
    migrate = compose()["services"]["migrate"]

    assert migrate["command"] == ["alembic", "upgrade", "head"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert migrate["restart"] == "no"
    assert migrate["environment"]["DATABASE_URL"].startswith("postgresql+asyncpg://")


def test_two_webhook_replicas_start_only_after_the_migration_succeeded() -> None:
    bot = compose()["services"]["bot"]

    assert bot["command"] == ["python", "-m", "bot", "--webhook"]
    assert bot["deploy"]["replicas"] == 2
    assert bot["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "migrate": {"condition": "service_completed_successfully"},
    }
    assert bot["image"] == compose()["services"]["migrate"]["image"]
    environment = bot["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert environment["WEBHOOK_URL"].startswith("https://")
    assert "WEBHOOK_SECRET" in environment and "BOT_TOKEN" in environment


def test_every_variable_given_to_the_bots_is_a_setting() -> None:
    known = {name.upper() for name in Settings.model_fields}

    assert set(compose()["services"]["bot"]["environment"]) <= known


def test_the_proxy_balances_over_the_replicas_and_exposes_only_the_webhook_path() -> None:
    data = compose()
    proxy = data["services"]["proxy"]
    caddyfile = data["configs"]["caddyfile"]["content"]

    assert proxy["depends_on"] == ["bot"]
    assert re.search(r"dynamic a \{\s*name bot\s*port 8443", caddyfile)
    assert "handle /telegram*" in caddyfile and "respond 404" in caddyfile
    assert data["services"]["bot"]["environment"]["WEBHOOK_URL"].endswith("/telegram")
