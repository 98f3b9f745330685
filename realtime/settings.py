"""Settings loaded once from the environment and validated.

Every variable has a laptop-safe default except in production mode, where a
missing secret stops start-up with a message naming it.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator

from realtime.errors import StartupError

# Environment variable -> settings field.
ENV_NAMES: dict[str, str] = {
    "MOCKROOM_HOST": "host",
    "MOCKROOM_PORT": "port",
    "MOCKROOM_DATA_DIR": "data_dir",
    "MONGODB_URI": "mongodb_uri",
    "MONGODB_DB": "mongodb_db",
    "JWT_SECRET": "jwt_secret",
    "TOKEN_TTL_MINUTES": "token_ttl_minutes",
    "BCRYPT_ROUNDS": "bcrypt_rounds",
    "REDIS_URL": "redis_url",
    "ALLOWED_ORIGINS": "allowed_origins",
    "ICE_SERVERS": "ice_servers",
    "MOCKROOM_PRODUCTION": "production",
    "MAX_BODY_BYTES": "max_body_bytes",
    "ROOM_EARLY_MINUTES": "room_early_minutes",
    "ROOM_LATE_MINUTES": "room_late_minutes",
    "BOOKING_NOTICE_MINUTES": "booking_notice_minutes",
    "ROOM_SIGNAL_RATE": "room_signal_rate",
    "ROOM_SIGNAL_BURST": "room_signal_burst",
    "ROOM_CHAT_RATE": "room_chat_rate",
    "ROOM_CHAT_BURST": "room_chat_burst",
    "CLIENT_DIST": "client_dist",
    "LOG_LEVEL": "log_level",
    "AUTH_RATE_PER_MINUTE": "auth_rate_per_minute",
}
FIELD_TO_ENV = {field: env for env, field in ENV_NAMES.items()}

SECRET_FILE = "jwt-secret"


class Settings(BaseModel):
    """Everything the server needs to know about where and how it runs."""

    model_config = {"frozen": True}

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    data_dir: Path = Path("var")
    mongodb_uri: str | None = None
    mongodb_db: str = Field("mockroom", pattern=r"^[A-Za-z0-9_-]{1,60}$")
    jwt_secret: str | None = Field(None, min_length=32)
    token_ttl_minutes: int = Field(60 * 24 * 7, ge=1, le=60 * 24 * 90)
    bcrypt_rounds: int = Field(12, ge=4, le=16)
    redis_url: str | None = None
    allowed_origins: list[str] = []
    ice_servers: list[dict[str, Any]] = []
    production: bool = False
    max_body_bytes: int = Field(64 * 1024, ge=1024, le=16 * 1024 * 1024)
    room_early_minutes: int = Field(15, ge=0, le=24 * 60)
    room_late_minutes: int = Field(30, ge=0, le=24 * 60)
    booking_notice_minutes: int = Field(15, ge=0, le=24 * 60)
    # Per-socket token buckets in the interview room: per second, and burst.
    room_signal_rate: float = Field(50.0, gt=0, le=100_000)
    room_signal_burst: int = Field(200, ge=1, le=100_000)
    room_chat_rate: float = Field(2.0, gt=0, le=1000)
    room_chat_burst: int = Field(10, ge=1, le=1000)
    client_dist: Path | None = None
    log_level: str = Field("INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    # Log-in and sign-up attempts per client address, and log-ins per email
    # address, a minute (also the burst); 0 turns the limit off.
    auth_rate_per_minute: int = Field(20, ge=0, le=100_000)
    seed_demo: bool = False

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("ice_servers", mode="before")
    @classmethod
    def _parse_ice(cls, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else []
        return value

    @field_validator("mongodb_uri", "redis_url", "jwt_secret", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @property
    def uses_embedded_db(self) -> bool:
        return self.mongodb_uri is None


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Build settings from ``env`` (default: ``os.environ``) and overrides.

    Raises StartupError naming each bad or missing variable.
    """
    env = os.environ if env is None else env
    raw: dict[str, Any] = {
        field: env[name] for name, field in ENV_NAMES.items() if name in env
    }
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        settings = Settings(**raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            name = FIELD_TO_ENV.get(field, field)
            problems.append(f"{name}: {error['msg']}")
        raise StartupError("bad settings: " + "; ".join(problems)) from None
    except json.JSONDecodeError as exc:
        raise StartupError(f"bad settings: ICE_SERVERS is not JSON: {exc}") from None

    if settings.production:
        missing = [n for n in ("JWT_SECRET",) if not settings.jwt_secret]
        if missing:
            raise StartupError(
                "production mode needs " + ", ".join(missing) + " to be set"
            )
        if "*" in settings.allowed_origins:
            raise StartupError("ALLOWED_ORIGINS may not be '*' in production mode")
    return settings


def ensure_jwt_secret(settings: Settings) -> Settings:
    """Return settings with a JWT secret, kept in the data dir on a laptop.

    The generated secret is written once with mode 0600 so tokens survive a
    restart of the server.
    """
    if settings.jwt_secret:
        return settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / SECRET_FILE
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    secret = path.read_text().strip()
    if len(secret) < 32:
        raise StartupError(f"the JWT secret in {path} is too short; delete it")
    return settings.model_copy(update={"jwt_secret": secret})
