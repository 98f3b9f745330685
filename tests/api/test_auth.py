"""Sign-up, log-in and tokens over real HTTP."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import jwt

from tests.conftest import TEST_SECRET
from tests.helpers import Api


async def test_signup_returns_a_token_and_the_own_profile(api: Api) -> None:
    reply = await api.post(
        "/api/auth/signup",
        json={
            "name": "Ada",
            "email": "  Ada@Example.COM ",
            "password": "s3cret-pass",
            "skills": ["Python"],
            "timezone": "Europe/Berlin",
        },
    )
    assert reply.status == 201
    assert reply.body["user"]["email"] == "ada@example.com"
    assert reply.body["user"]["timezone"] == "Europe/Berlin"
    assert "password" not in reply.body["user"]

    me = await api.get("/api/auth/me", token=reply.body["token"])
    assert me.status == 200
    assert me.body["user"]["id"] == reply.body["user"]["id"]


async def test_login_accepts_the_email_in_any_case(api: Api) -> None:
    user = await api.signup(email="grace@example.com", password="password-123")
    reply = await api.post(
        "/api/auth/login",
        json={"email": " GRACE@example.com", "password": "password-123"},
    )
    assert reply.status == 200
    assert reply.body["user"]["id"] == user.id


async def test_duplicate_email_is_409_whatever_the_case(api: Api) -> None:
    await api.signup(email="dup@example.com")
    reply = await api.post(
        "/api/auth/signup",
        json={"name": "Again", "email": "DUP@example.com", "password": "password-123"},
    )
    assert reply.status == 409
    assert reply.error_code == "email_taken"


async def test_duplicate_signups_at_once_create_one_account(api: Api, mongo) -> None:
    body = {"name": "Racer", "email": "race@example.com", "password": "password-123"}
    replies = await asyncio.gather(
        *(api.post("/api/auth/signup", json=body) for _ in range(10))
    )
    assert sorted(r.status for r in replies) == [201] + [409] * 9
    assert await mongo.users.count_documents({"email": "race@example.com"}) == 1


async def test_wrong_password_and_unknown_email_look_the_same(api: Api) -> None:
    await api.signup(email="known@example.com", password="password-123")
    wrong = await api.post(
        "/api/auth/login", json={"email": "known@example.com", "password": "nope-nope"}
    )
    unknown = await api.post(
        "/api/auth/login",
        json={"email": "nobody@example.com", "password": "password-123"},
    )
    assert wrong.status == unknown.status == 401
    assert wrong.body == unknown.body
    assert wrong.body["error"]["message"] == "Invalid email or password."


async def test_unknown_email_costs_a_bcrypt_check_too(api: Api) -> None:
    await api.signup(email="timed@example.com", password="password-123")

    async def timed(email: str) -> float:
        started = time.perf_counter()
        await api.post("/api/auth/login", json={"email": email, "password": "x" * 9})
        return time.perf_counter() - started

    known = min([await timed("timed@example.com") for _ in range(5)])
    unknown = min([await timed("ghost@example.com") for _ in range(5)])
    # Both pay for one bcrypt check; neither is a fraction of the other.
    assert unknown > known / 3
    assert known > unknown / 3


async def test_password_length_is_checked_in_bytes(api: Api) -> None:
    short = await api.post(
        "/api/auth/signup",
        json={"name": "S", "email": "s@example.com", "password": "short"},
    )
    assert short.status == 400
    assert short.body["error"]["details"][0]["field"] == "password"

    # 30 characters, 90 bytes: over bcrypt's 72-byte limit.
    long = await api.post(
        "/api/auth/signup",
        json={"name": "L", "email": "l@example.com", "password": "€" * 30},
    )
    assert long.status == 400
    assert "at most 72 bytes" in long.body["error"]["details"][0]["message"]


def forge(claims: dict, secret: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, secret, algorithm=algorithm)


def claims_for(user_id: str, **changes) -> dict:
    now = datetime.now(UTC)
    claims = {
        "sub": user_id,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(hours=1)).timestamp()),
        "iss": "mockroom",
        "aud": "mockroom-web",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


async def bad_tokens(api: Api) -> dict[str, str | None]:
    user = await api.signup()
    header, payload, signature = user.token.split(".")
    tampered_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    past = int((datetime.now(UTC) - timedelta(hours=2)).timestamp())
    unsigned = jwt.encode(claims_for(user.id), None, algorithm="none")
    return {
        "missing": None,
        "garbage": "not-a-token",
        "tampered": f"{header}.{tampered_payload}.{signature}",
        "expired": forge(claims_for(user.id, exp=past, iat=past - 60)),
        "alg none": unsigned,
        "wrong secret": forge(
            claims_for(user.id), secret="another-secret-entirely-but-long-enough"
        ),
        "wrong audience": forge(claims_for(user.id, aud="someone-else")),
        "wrong issuer": forge(claims_for(user.id, iss="someone-else")),
        "no expiry": forge(claims_for(user.id, exp=None)),
    }


async def test_bad_tokens_get_401_on_rest(api: Api) -> None:
    for name, token in (await bad_tokens(api)).items():
        reply = await api.get("/api/auth/me", token=token)
        assert reply.status == 401, name
        assert reply.error_code in {"token_missing", "token_invalid", "token_expired"}


async def test_bad_tokens_are_refused_on_socket_connect(api: Api, sockets) -> None:
    import socketio

    for name, token in (await bad_tokens(api)).items():
        try:
            client = await sockets(token)
        except socketio.exceptions.ConnectionError:
            continue
        raise AssertionError(f"{name} token connected: {client.sio.sid}")


async def test_refused_socket_gets_a_readable_reason(api: Api, sockets) -> None:
    import socketio

    from tests.helpers import SocketClient

    client = SocketClient(api.base_url)
    try:
        await client.connect("not-a-token")
    except socketio.exceptions.ConnectionError:
        pass
    assert client.connect_error["message"] == "Invalid token."
    assert client.connect_error["data"]["code"] == "token_invalid"
    await client.close()


async def test_every_api_route_but_three_needs_a_token(api: Api) -> None:
    spec = (await api.get("/api/openapi.json")).body
    public = {"/api/auth/signup", "/api/auth/login", "/api/openapi.json"}
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/") or path in public:
            continue
        for method in operations:
            concrete = path.replace("{", "").replace("}", "")
            reply = await api.call(method.upper(), concrete)
            assert reply.status == 401, (method, path)


async def test_too_many_attempts_get_429_with_a_wait(make_settings, mongo) -> None:
    from aiohttp.test_utils import TestServer

    from realtime.app import create_app

    server = TestServer(
        create_app(make_settings(auth_rate_per_minute=3)), host="127.0.0.1", port=0
    )
    await server.start_server()
    api = Api(str(server.make_url("")))
    try:
        wrong = {"email": "who@example.com", "password": "not-the-password"}
        replies = [await api.post("/api/auth/login", json=wrong) for _ in range(5)]
        assert [r.status for r in replies] == [401, 401, 401, 429, 429]
        limited = replies[-1]
        assert limited.error_code == "too_many_attempts"
        assert limited.body["error"]["details"]["retry_after"] >= 1
        # The same address may not sign up in bulk either.
        signup = await api.post(
            "/api/auth/signup",
            json={"name": "N", "email": "n@example.com", "password": "password-1"},
        )
        assert signup.status == 429
        assert await mongo.users.count_documents({}) == 0
    finally:
        await api.close()
        await server.close()
