"""Health, the OpenAPI document, error shapes, body limits and logging."""

from __future__ import annotations

import json
import logging

import pytest
from aiohttp.test_utils import TestServer

from http_api.docs import doc_of
from http_api.openapi import documented_routes
from realtime.logs import JsonFormatter
from tests.helpers import Api


async def test_healthz_pings_the_database(api: Api) -> None:
    reply = await api.get("/healthz")
    assert reply.status == 200
    assert reply.body == {"status": "ok", "database": True}


async def test_every_route_is_in_the_openapi_document(
    api: Api, server: TestServer
) -> None:
    spec = (await api.get("/api/openapi.json")).body
    routes = documented_routes(server.app)
    assert routes, "no routes found"
    for method, path, handler in routes:
        assert doc_of(handler) is not None, f"{method} {path} has no @documented"
        assert method.lower() in spec["paths"].get(path, {}), f"{method} {path}"
    served = {(m.lower(), p) for m, p, _ in routes}
    listed = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    assert listed == served


async def test_openapi_lists_request_schemas(api: Api) -> None:
    spec = (await api.get("/api/openapi.json")).body
    signup = spec["paths"]["/api/auth/signup"]["post"]
    ref = signup["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"name", "email", "password"} <= set(schema["required"])
    assert "security" not in signup
    assert spec["paths"]["/api/auth/me"]["get"]["security"] == [{"bearer": []}]


async def test_a_body_over_the_limit_is_413(api: Api) -> None:
    big = json.dumps({"name": "x" * 70_000, "email": "a@b.co", "password": "p" * 9})
    reply = await api.post(
        "/api/auth/signup", data=big, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 413
    assert reply.error_code == "payload_too_large"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "invalid_json"),
        ("[1, 2]", "invalid_json"),
        ('"text"', "invalid_json"),
        ("", "invalid_json"),
    ],
)
async def test_bodies_that_are_not_objects_get_400(
    api: Api, raw: str, code: str
) -> None:
    reply = await api.post(
        "/api/auth/login", data=raw, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 400
    assert reply.error_code == code
    assert set(reply.body["error"]) == {"code", "message", "details"}


async def test_validation_errors_list_every_bad_field(api: Api) -> None:
    reply = await api.post(
        "/api/auth/signup",
        json={"email": "not-an-email", "password": "short", "extra": 1},
    )
    assert reply.status == 400
    fields = {d["field"] for d in reply.body["error"]["details"]}
    assert {"name", "email", "password", "extra"} <= fields


async def test_unknown_api_route_is_a_json_404(api: Api) -> None:
    user = await api.signup()
    reply = await api.get("/api/nothing-here", token=user.token)
    assert reply.status == 404
    assert reply.error_code == "route_not_found"


async def test_wrong_method_is_a_json_405(api: Api) -> None:
    reply = await api.call("DELETE", "/api/auth/login")
    assert reply.status == 405
    assert reply.body["error"]["code"] == "method_not_allowed"


async def test_client_routes_fall_back_to_the_page(api: Api) -> None:
    reply = await api.get("/dashboard/some/deep/link")
    assert reply.status == 200
    assert "<html" in reply.body


async def test_request_log_lines_carry_no_secrets(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = await api.signup(password="very-secret-password")
    await api.post(
        "/api/auth/login",
        json={"email": user.email, "password": "very-secret-password"},
    )
    await api.get("/api/auth/me", token=user.token)

    formatter = JsonFormatter()
    ours = ("realtime", "http_api", "matching", "signaling", "aiohttp")
    lines = [
        formatter.format(record)
        for record in caplog.records
        if record.name.startswith(ours)
    ]
    access = [json.loads(line) for line in lines if '"http_api.access"' in line]
    me = [line for line in access if line["path"] == "/api/auth/me"]
    assert me and me[0]["user_id"] == user.id and me[0]["status"] == 200
    assert {"method", "path", "status", "duration_ms"} <= set(me[0])
    everything = "\n".join(lines)
    assert user.token not in everything
    assert "very-secret-password" not in everything
    assert "$2b$" not in everything
    assert "Authorization" not in everything


def test_logging_setup_keeps_the_driver_quiet() -> None:
    from realtime.logs import configure_logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("DEBUG")
        assert logging.getLogger("pymongo").getEffectiveLevel() == logging.WARNING
        assert logging.getLogger("realtime").getEffectiveLevel() == logging.DEBUG
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


async def test_deeply_nested_json_is_a_400_not_a_crash(api: Api) -> None:
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    reply = await api.post(
        "/api/auth/login", data=deep, headers={"Content-Type": "application/json"}
    )
    assert reply.status == 400
    assert reply.error_code == "invalid_json"


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:55:00-14:00",
        "1999-12-31T23:55:00+00:00",
        "2100-01-01T00:00:00+00:00",
    ],
)
async def test_times_far_outside_any_calendar_are_a_400(api: Api, when: str) -> None:
    user, peer = await api.signup(), await api.signup()
    request = await api.post(
        "/api/match-request",
        token=user.token,
        json={"matched_peer_id": peer.id, "requested_time": when},
    )
    publish = await api.post("/api/slots", token=user.token, json={"slot_time": when})
    calendar = await api.get("/api/slots", token=user.token, params={"from": when})
    peers = await api.get(
        "/api/available-peers", token=user.token, params={"from": when}
    )
    for reply in (request, publish, calendar, peers):
        assert reply.status == 400, reply.body
        assert "2000" in str(reply.body["error"]["details"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from_availability": "yes", "weeks": 1}, "from_availability"),
        ({"from_availability": True, "weeks": "1"}, "weeks"),
        (
            {"slot_time": "2031-01-01T10:00:00+00:00", "duration_minutes": "60"},
            "duration_minutes",
        ),
        ({"slot_time": 1924941600}, "slot_time"),
    ],
)
async def test_json_types_are_taken_as_they_are(
    api: Api, mongo, body: dict, field: str
) -> None:
    user = await api.signup()
    reply = await api.post("/api/slots", token=user.token, json=body)
    assert reply.status == 400
    assert reply.body["error"]["details"][0]["field"] == field
    assert await mongo.interview_slots.count_documents({}) == 0
