"""Profiles: validation rules, privacy, and operator injection."""

from __future__ import annotations

import pytest

from tests.helpers import Api


async def put_me(api: Api, token: str, body: dict):
    return await api.put("/api/users/me", token=token, json=body)


async def test_profile_edit_round_trips(api: Api) -> None:
    user = await api.signup()
    body = {
        "name": "Linus",
        "bio": "Kernel hacker",
        "skills": [" Python ", "python", "System  Design"],
        "experience_level": "Advanced",
        "timezone": "Asia/Kolkata",
        "availability": [
            {"day": "Tuesday", "time_slots": ["19:00-21:00", "07:00-08:00"]},
            {"day": "Monday", "time_slots": ["23:00-24:00"]},
        ],
    }
    reply = await put_me(api, user.token, body)
    assert reply.status == 200
    saved = reply.body["user"]
    assert saved["skills"] == ["Python", "System Design"]
    assert saved["availability"] == [
        {"day": "Monday", "time_slots": ["23:00-24:00"]},
        {"day": "Tuesday", "time_slots": ["07:00-08:00", "19:00-21:00"]},
    ]
    again = await api.get("/api/users/me", token=user.token)
    assert again.body["user"] == saved


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ({"experience_level": "Guru"}, "experience_level", "Beginner"),
        ({"timezone": "Mars/Olympus"}, "timezone", "IANA"),
        ({"timezone": "EST5EDTX"}, "timezone", "IANA"),
        ({"timezone": "localtime"}, "timezone", "IANA"),
        ({"timezone": "Factory"}, "timezone", "IANA"),
        ({"timezone": "posix/Europe/Paris"}, "timezone", "IANA"),
        ({"name": "a\u202eb"}, "name", "invisible"),
        ({"name": "nul\u0000"}, "name", "control"),
        ({"name": "line\nbreak"}, "name", "control"),
        ({"name": "\u3164"}, "name", "visible"),
        ({"name": "\u034f"}, "name", "visible"),
        ({"name": "a\u2028b"}, "name", "line breaks"),
        ({"skills": ["zero\u200bwidth"]}, "skills", "invisible"),
        ({"bio": "bell\u0007"}, "bio", "control"),
        ({"skills": ["ok", ""]}, "skills", "empty"),
        ({"skills": ["x" * 41]}, "skills", "40"),
        ({"skills": [f"s{i}" for i in range(21)]}, "skills", "20"),
        ({"skills": "Python"}, "skills", "valid array"),
        ({"name": ""}, "name", "at least 1"),
        ({"name": None}, "name", "null"),
        ({"bio": "b" * 1001}, "bio", "1000"),
        (
            {"availability": [{"day": "Funday", "time_slots": []}]},
            "availability.0.day",
            "Monday",
        ),
        (
            {"availability": [{"day": "Monday", "time_slots": ["25:00-26:00"]}]},
            "availability.0.time_slots.0",
            "invalid start",
        ),
        (
            {"availability": [{"day": "Monday", "time_slots": ["10:00-09:00"]}]},
            "availability.0.time_slots.0",
            "does not end after",
        ),
        (
            {"availability": [{"day": "Monday", "time_slots": ["10:03-11:00"]}]},
            "availability.0.time_slots.0",
            "grid",
        ),
        (
            {
                "availability": [
                    {"day": "Monday", "time_slots": ["09:00-11:00", "10:00-12:00"]}
                ]
            },
            "availability.0.time_slots",
            "overlaps",
        ),
        (
            {"availability": [{"day": "Monday", "time_slots": ["24:00-24:00"]}]},
            "availability.0.time_slots.0",
            "invalid start",
        ),
        ({"email": "new@example.com"}, "email", "Extra inputs"),
        ({"password": "new-password"}, "password", "Extra inputs"),
        ({"is_demo": True}, "is_demo", "Extra inputs"),
    ],
)
async def test_bad_profile_values_get_400_naming_the_field(
    api: Api, mongo, body: dict, field: str, fragment: str
) -> None:
    user = await api.signup()
    before = await mongo.users.find_one({"_id": user.id})
    reply = await put_me(api, user.token, body)
    assert reply.status == 400
    details = reply.body["error"]["details"]
    assert any(
        d["field"].startswith(field) and fragment in d["message"] for d in details
    ), details
    assert await mongo.users.find_one({"_id": user.id}) == before


@pytest.mark.parametrize(
    "body",
    [
        {"name": {"$ne": None}},
        {"timezone": {"$gt": ""}},
        {"skills": [{"$ne": None}]},
        {"experience_level": {"$in": ["Beginner"]}},
        {"availability": [{"day": {"$ne": None}, "time_slots": []}]},
        {"availability": [{"day": "Monday", "time_slots": [{"$gt": ""}]}]},
    ],
)
async def test_operator_injection_is_refused(api: Api, mongo, body: dict) -> None:
    user = await api.signup()
    before = await mongo.users.find_one({"_id": user.id})
    reply = await put_me(api, user.token, body)
    assert reply.status == 400
    assert reply.error_code == "validation_error"
    assert await mongo.users.find_one({"_id": user.id}) == before


async def test_login_with_an_operator_is_refused(api: Api) -> None:
    await api.signup(email="victim@example.com")
    reply = await api.post(
        "/api/auth/login", json={"email": {"$ne": None}, "password": {"$ne": None}}
    )
    assert reply.status == 400


async def test_others_see_public_fields_only(api: Api) -> None:
    alice = await api.signup(email="alice@example.com", bio="hello")
    bob = await api.signup()
    reply = await api.get(f"/api/users/{alice.id}", token=bob.token)
    assert reply.status == 200
    shown = reply.body["user"]
    assert shown["bio"] == "hello"
    text = str(reply.body)
    assert "alice@example.com" not in text
    assert "$2b$" not in text
    assert set(shown) == {
        "id",
        "name",
        "skills",
        "experience_level",
        "timezone",
        "availability",
        "bio",
        "is_demo",
        "created_at",
    }


async def test_unknown_user_is_404(api: Api) -> None:
    user = await api.signup()
    for bad in ("0" * 24, "not-an-id"):
        reply = await api.get(f"/api/users/{bad}", token=user.token)
        assert reply.status == 404
        assert reply.error_code == "user_not_found"
    # Braces cannot form a user id; no route takes them.
    reply = await api.get("/api/users/%7B%22%24ne%22%3Anull%7D", token=user.token)
    assert reply.status == 404
    assert reply.error_code == "route_not_found"


async def test_no_reply_ever_carries_a_password_hash(api: Api) -> None:
    user = await api.signup()
    for path in ("/api/auth/me", "/api/users/me", f"/api/users/{user.id}"):
        reply = await api.get(path, token=user.token)
        assert "password" not in str(reply.body)
        assert "$2b$" not in str(reply.body)


async def test_stored_derived_fields_follow_the_profile(api: Api, mongo) -> None:
    user = await api.signup(
        timezone="UTC", availability=[{"day": "Monday", "time_slots": ["00:00-01:00"]}]
    )
    doc = await mongo.users.find_one({"_id": user.id})
    assert doc["avail_hours"] == [0]
    await put_me(api, user.token, {"timezone": "Asia/Kolkata", "skills": ["Go"]})
    doc = await mongo.users.find_one({"_id": user.id})
    # Monday 00:00-01:00 in +05:30 is Sunday 18:30-19:30 UTC: hours 162, 163.
    assert doc["avail_hours"] == [162, 163]
    assert doc["skill_keys"] == ["go"]


async def test_a_bio_keeps_its_line_breaks(api: Api) -> None:
    user = await api.signup()
    reply = await put_me(api, user.token, {"bio": "Hello,\n\tworld"})
    assert reply.status == 200
    assert reply.body["user"]["bio"] == "Hello,\n\tworld"
