"""One typed settings object, read from the environment once per process.

Every setting is an environment variable (documented in README.md with its default).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEMO_DB_PATH = PROJECT_ROOT / "data" / "demo.sqlite3"

# Keys that must never be used outside demo mode (examples from docs, the demo key itself).
PLACEHOLDER_KEYS = {
    "",
    "changeme",
    "change-me",
    "secret",
    "some_signature_key",
    "random_signature_key",
    "replace-me-with-at-least-32-random-bytes",
    "demo-cookie-key-not-for-production-use-0000",
}
DEMO_COOKIE_KEY = "demo-cookie-key-not-for-production-use-0000"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    # The writer role's URL, used ONLY by the admin upload page's import (ui/importing.py); the rest of
    # the app keeps DATABASE_URL's read-only role. Unset: the import uses DATABASE_URL (demo, SQLite).
    dashboard_admin_database_url: str | None = Field(default=None, alias="DASHBOARD_ADMIN_DATABASE_URL")
    dashboard_demo: bool = Field(default=False, alias="DASHBOARD_DEMO")
    dashboard_refresh_seconds: int = Field(default=300, ge=5, alias="DASHBOARD_REFRESH_SECONDS")
    dashboard_wall_rotate_seconds: int = Field(default=30, ge=5, alias="DASHBOARD_WALL_ROTATE_SECONDS")
    # How often the wall's panel fragment runs (advances the rotation, redraws from the cache).
    # Unset: exactly at the panel changes (config.wall.tick_seconds). The benchmark's soak sets 0.2
    # to run thousands of refresh cycles in minutes.
    dashboard_wall_tick_seconds: float | None = Field(default=None, ge=0.2, le=3600, alias="DASHBOARD_WALL_TICK_SECONDS")
    # Opt-in diagnostics (make bench): append one line per SQL statement the process sends to this file.
    dashboard_query_log: str | None = Field(default=None, alias="DASHBOARD_QUERY_LOG")
    dashboard_cookie_key: str | None = Field(default=None, alias="DASHBOARD_COOKIE_KEY")
    dashboard_cookie_name: str = Field(default="seoul_comm_dash", alias="DASHBOARD_COOKIE_NAME")
    dashboard_timezone: str = Field(default="Asia/Seoul", alias="DASHBOARD_TIMEZONE")
    # The briefing by mail (manage.py send-briefing / send-due; README "The briefing by mail").
    dashboard_smtp_host: str | None = Field(default=None, alias="DASHBOARD_SMTP_HOST")
    dashboard_smtp_port: int = Field(default=587, ge=1, le=65535, alias="DASHBOARD_SMTP_PORT")
    dashboard_smtp_user: str | None = Field(default=None, alias="DASHBOARD_SMTP_USER")
    dashboard_smtp_password: SecretStr | None = Field(default=None, alias="DASHBOARD_SMTP_PASSWORD")
    dashboard_smtp_from: str | None = Field(default=None, alias="DASHBOARD_SMTP_FROM")
    dashboard_smtp_starttls: bool = Field(default=True, alias="DASHBOARD_SMTP_STARTTLS")
    # Peers whose X-Forwarded-For / X-Real-IP name the client (nginx on loopback); comma-separated.
    dashboard_trusted_proxies: str = Field(default="127.0.0.1,::1", alias="DASHBOARD_TRUSTED_PROXIES")

    @field_validator("database_url", "dashboard_admin_database_url", "dashboard_query_log", "dashboard_smtp_host",
                     "dashboard_smtp_user", "dashboard_smtp_from")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def trusted_proxies(self) -> frozenset[str]:
        return frozenset(p.strip() for p in self.dashboard_trusted_proxies.split(",") if p.strip())

    @property
    def demo_mode(self) -> bool:
        """Demo mode: no DATABASE_URL, or DASHBOARD_DEMO=1."""
        return self.dashboard_demo or self.database_url is None

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{DEMO_DB_PATH}"

    @property
    def effective_admin_database_url(self) -> str:
        """Where the admin upload page writes: DASHBOARD_ADMIN_DATABASE_URL, else the app's database."""
        return self.dashboard_admin_database_url or self.effective_database_url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
