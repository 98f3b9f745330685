"""Sign-up, log-in and the current user."""

from __future__ import annotations

import logging
import math
from typing import Annotated

from aiohttp import web
from pydantic import EmailStr, Field, StringConstraints, field_validator

from http_api.docs import documented
from http_api.fields import (
    Availability,
    Bio,
    Level,
    Name,
    Skills,
    TimeZone,
    check_availability,
)
from http_api.middleware import current_user
from http_api.validation import Strict, parse_body
from realtime.errors import TooManyRequests, Unauthorized
from realtime.keys import auth_key, auth_limits_key, database_key, settings_key
from realtime.ratelimit import Limiter
from realtime.security import MAX_PASSWORD_BYTES, MIN_PASSWORD_BYTES
from realtime.store import users

log = logging.getLogger(__name__)

Email = Annotated[EmailStr, StringConstraints(max_length=254)]


def normalise_email(value: str) -> str:
    return value.strip().lower()


class SignupBody(Strict):
    name: Name
    email: Email
    password: str = Field(json_schema_extra={"minLength": 8, "maxLength": 72})
    skills: Skills = []
    experience_level: Level = "Beginner"
    timezone: TimeZone = "UTC"
    availability: Availability = []
    bio: Bio = ""

    @field_validator("email", mode="before")
    @classmethod
    def _normalise(cls, value: object) -> object:
        return normalise_email(value) if isinstance(value, str) else value

    @field_validator("password")
    @classmethod
    def _password_length(cls, value: str) -> str:
        size = len(value.encode())
        if size < MIN_PASSWORD_BYTES:
            raise ValueError(f"password must be at least {MIN_PASSWORD_BYTES} bytes")
        if size > MAX_PASSWORD_BYTES:
            raise ValueError(
                f"password must be at most {MAX_PASSWORD_BYTES} bytes "
                "(bcrypt ignores anything longer)"
            )
        return value


class LoginBody(Strict):
    email: Annotated[str, StringConstraints(max_length=254)]
    password: Annotated[str, StringConstraints(max_length=1024)]


def check_rate(request: web.Request, *keys: str) -> None:
    """429 once an address (or an email) tries too often; the reply says
    when to try again."""
    limiter = request.app[auth_limits_key]
    if limiter is None:
        return
    for key in (f"addr:{request.remote}", *keys):
        allowed, wait = limiter.allow(key)
        if not allowed:
            log.warning("auth attempts limited", extra={"path": request.path})
            raise TooManyRequests(
                f"Too many attempts; try again in {math.ceil(wait)} s.",
                code="too_many_attempts",
                details={"retry_after": math.ceil(wait)},
            )


def token_reply(request: web.Request, doc: users.Doc, status: int) -> web.Response:
    token = request.app[auth_key].issue_token(doc["_id"])
    return web.json_response(
        {"token": token, "user": users.own_user(doc)}, status=status
    )


@documented(
    "Create an account",
    body=SignupBody,
    status=201,
    public=True,
    errors=(409, 413, 429),
)
async def signup(request: web.Request) -> web.Response:
    check_rate(request)
    body = await parse_body(request, SignupBody)
    profile = body.model_dump(exclude={"email", "password"})
    profile["availability"] = check_availability(body.availability)

    password_hash = await request.app[auth_key].hash_password(body.password)
    doc = await users.create_user(
        request.app[database_key].db,
        email=body.email,
        password_hash=password_hash,
        profile=profile,
    )
    log.info("signup", extra={"user_id": doc["_id"]})
    return token_reply(request, doc, 201)


@documented(
    "Log in with email and password", body=LoginBody, public=True, errors=(429,)
)
async def login(request: web.Request) -> web.Response:
    body = await parse_body(request, LoginBody)
    check_rate(request, f"email:{normalise_email(body.email)}")
    doc = await users.find_by_email(
        request.app[database_key].db, normalise_email(body.email)
    )
    stored = doc.get("password") if doc else None
    if not await request.app[auth_key].check_password(body.password, stored):
        log.info("login refused")
        raise Unauthorized("Invalid email or password.", code="invalid_credentials")
    assert doc is not None
    log.info("login", extra={"user_id": doc["_id"]})
    return token_reply(request, doc, 200)


@documented("The logged-in user", errors=(404,))
async def me(request: web.Request) -> web.Response:
    doc = await users.get_user(request.app[database_key].db, current_user(request))
    return web.json_response({"user": users.own_user(doc)})


def setup(app: web.Application) -> None:
    rate = app[settings_key].auth_rate_per_minute
    app[auth_limits_key] = Limiter(rate, burst=rate) if rate else None
    app.router.add_post("/api/auth/signup", signup)
    app.router.add_post("/api/auth/login", login)
    app.router.add_get("/api/auth/me", me)
