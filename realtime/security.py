"""Password hashing (bcrypt, off the event loop) and JWT tokens."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import bcrypt
import jwt

from realtime.errors import Unauthorized
from realtime.settings import Settings

log = logging.getLogger(__name__)

ISSUER = "mockroom"
AUDIENCE = "mockroom-web"
ALGORITHM = "HS256"
MAX_PASSWORD_BYTES = 72
MIN_PASSWORD_BYTES = 8


class Auth:
    """Hashes passwords and issues and checks tokens for one app."""

    def __init__(self, settings: Settings) -> None:
        assert settings.jwt_secret, "ensure_jwt_secret() runs before Auth"
        self._secret = settings.jwt_secret
        self._ttl = timedelta(minutes=settings.token_ttl_minutes)
        self._rounds = settings.bcrypt_rounds
        # Checked against when the email is unknown, so that an unknown
        # email costs as much time as a wrong password.
        self._decoy = bcrypt.hashpw(b"decoy-password", bcrypt.gensalt(self._rounds))

    async def hash_password(self, password: str) -> str:
        salt = bcrypt.gensalt(self._rounds)
        hashed = await asyncio.to_thread(bcrypt.hashpw, password.encode(), salt)
        return hashed.decode()

    async def check_password(self, password: str, hashed: str | None) -> bool:
        target = hashed.encode() if hashed else self._decoy
        ok = await asyncio.to_thread(bcrypt.checkpw, password.encode(), target)
        return ok and hashed is not None

    def issue_token(self, user_id: str, now: datetime | None = None) -> str:
        now = now or datetime.now(UTC)
        claims = {
            "sub": user_id,
            "iat": int(now.timestamp()),
            "exp": int((now + self._ttl).timestamp()),
            "iss": ISSUER,
            "aud": AUDIENCE,
        }
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def verify_token(self, token: str | None) -> str:
        """Return the user id in a valid token or raise Unauthorized."""
        if not token or not isinstance(token, str):
            raise Unauthorized("Missing token.", code="token_missing")
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                audience=AUDIENCE,
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("Token expired.", code="token_expired") from None
        except jwt.PyJWTError:
            raise Unauthorized("Invalid token.", code="token_invalid") from None
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise Unauthorized("Invalid token.", code="token_invalid")
        return subject


def bearer_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
