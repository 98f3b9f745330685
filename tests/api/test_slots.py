"""Publishing, listing, booking and cancelling slots over real HTTP."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from tests.helpers import Api, every_day
from tests.scheduling_helpers import assert_consistent, at, move_slot, plus


async def publish(api: Api, token: str, slot_time: str, **extra: object):
    return await api.post(
        "/api/slots", token=token, json={"slot_time": slot_time, **extra}
    )


async def test_publish_one_slot_returns_it_with_the_interviewer(api: Api) -> None:
    ada = await api.signup("Ada")
    reply = await publish(api, ada.token, at(days=1))
    assert reply.status == 201, reply.body
    [slot] = reply.body["slots"]
    assert slot["status"] == "Available"
    assert slot["duration_minutes"] == 60
    assert slot["interviewer"]["name"] == "Ada"
    assert slot["interviewee"] is None
    assert slot["end_time"] == plus(slot["slot_time"], 60)
    assert "interviewer_claim" not in slot


async def test_publish_refuses_bad_times_and_changes_nothing(api: Api, mongo) -> None:
    ada = await api.signup()
    off_grid = (datetime.fromisoformat(at(days=1)) + timedelta(minutes=3)).isoformat()
    cases = [
        ({"slot_time": off_grid}, "off_grid"),
        ({"slot_time": at(hours=-1)}, "slot_in_past"),
        ({"slot_time": at(days=1), "duration_minutes": 20}, "validation_error"),
        ({"slot_time": at(days=1), "duration_minutes": 125}, "validation_error"),
        ({"slot_time": at(days=1), "duration_minutes": 33}, "bad_duration"),
        ({"slot_time": "2026-01-01T10:00:00"}, "validation_error"),
        ({}, "validation_error"),
        ({"from_availability": True}, "validation_error"),
        ({"from_availability": True, "weeks": 7}, "validation_error"),
        (
            {"slot_time": at(days=1), "from_availability": True, "weeks": 1},
            "validation_error",
        ),
    ]
    for body, code in cases:
        reply = await api.post("/api/slots", token=ada.token, json=body)
        assert reply.status == 400, (body, reply.body)
        assert reply.error_code == code, (body, reply.body)
    assert await mongo.interview_slots.count_documents({}) == 0
    assert await mongo.busy_guards.count_documents({}) == 0


async def test_overlapping_publish_is_409_but_touching_is_fine(api: Api) -> None:
    ada = await api.signup()
    start = at(days=1)
    assert (await publish(api, ada.token, start)).status == 201
    clash = await publish(api, ada.token, plus(start, 55), duration_minutes=30)
    assert clash.status == 409
    assert clash.error_code == "slot_overlap"
    assert (await publish(api, ada.token, plus(start, 60))).status == 201
    assert (
        await publish(api, ada.token, plus(start, -30), duration_minutes=30)
    ).status == 201


async def test_generation_from_availability_is_idempotent(
    api: Api, mongo, caplog: pytest.LogCaptureFixture
) -> None:
    # INFO records are built, so their extra fields must not clash with
    # LogRecord's own attributes (a "created" field once made this a 500).
    caplog.set_level(logging.INFO)
    ada = await api.signup(
        availability=[
            {"day": "Monday", "time_slots": ["09:00-12:00"]},
            {"day": "Thursday", "time_slots": ["18:00-19:30"]},
        ],
        timezone="Europe/Berlin",
    )
    first = await api.post(
        "/api/slots",
        token=ada.token,
        json={"from_availability": True, "weeks": 2},
    )
    assert first.status == 201, first.body
    # 3 one-hour slots on each Monday, 1 on each Thursday, minus any that
    # today's clock already passed.
    assert 5 <= len(first.body["slots"]) <= 8
    for slot in first.body["slots"]:
        local = datetime.fromisoformat(slot["slot_time"]).astimezone(
            __import__("zoneinfo").ZoneInfo("Europe/Berlin")
        )
        assert (local.strftime("%A"), local.hour) in {
            ("Monday", 9),
            ("Monday", 10),
            ("Monday", 11),
            ("Thursday", 18),
        }
    again = await api.post(
        "/api/slots",
        token=ada.token,
        json={"from_availability": True, "weeks": 2, "duration_minutes": 30},
    )
    assert again.status == 201
    # Only the half hour on Thursdays was left free.
    assert all(
        datetime.fromisoformat(s["slot_time"])
        .astimezone(__import__("zoneinfo").ZoneInfo("Europe/Berlin"))
        .strftime("%H:%M")
        == "19:00"
        for s in again.body["slots"]
    )
    third = await api.post(
        "/api/slots",
        token=ada.token,
        json={"from_availability": True, "weeks": 2, "duration_minutes": 30},
    )
    assert third.body["slots"] == []
    await assert_consistent(mongo)


async def test_generation_skips_time_with_a_booked_interview(api: Api, mongo) -> None:
    ada = await api.signup(
        availability=every_day("08:00-20:00"),
    )
    bob = await api.signup()
    bob_slot = (await publish(api, bob.token, at(days=2))).body["slots"][0]
    booked = await api.post(
        "/api/book-slot", token=ada.token, json={"slot_id": bob_slot["id"]}
    )
    assert booked.status == 200, booked.body
    reply = await api.post(
        "/api/slots", token=ada.token, json={"from_availability": True, "weeks": 1}
    )
    assert reply.status == 201
    taken_start = datetime.fromisoformat(bob_slot["slot_time"])
    for slot in reply.body["slots"]:
        start = datetime.fromisoformat(slot["slot_time"])
        assert start + timedelta(hours=1) <= taken_start or (
            start >= taken_start + timedelta(hours=1)
        )
    await assert_consistent(mongo)


async def test_calendar_lists_open_slots_with_people_and_hides_others_bookings(
    api: Api,
) -> None:
    ada, bob, cy = await api.signup("Ada"), await api.signup("Bob"), await api.signup()
    one = (await publish(api, ada.token, at(days=1))).body["slots"][0]
    two = (await publish(api, ada.token, at(days=2))).body["slots"][0]
    await publish(api, bob.token, at(days=3))
    assert (
        await api.post("/api/book-slot", token=bob.token, json={"slot_id": two["id"]})
    ).status == 200

    everyone = await api.get("/api/slots", token=cy.token)
    assert everyone.status == 200
    ids = [s["id"] for s in everyone.body["slots"]]
    assert one["id"] in ids and two["id"] not in ids and len(ids) == 2
    assert everyone.body["slots"][0]["interviewer"]["skills"] == ["Python"]

    mine = await api.get("/api/slots", token=bob.token, params={"user_id": ada.id})
    assert [s["id"] for s in mine.body["slots"]] == [one["id"], two["id"]], [
        (s["interviewer"]["name"], s["status"]) for s in mine.body["slots"]
    ]
    booked = await api.get("/api/slots", token=ada.token, params={"status": "Booked"})
    assert [s["id"] for s in booked.body["slots"]] == [two["id"]]

    start = datetime.now(UTC)
    too_long = await api.get(
        "/api/slots",
        token=cy.token,
        params={
            "from": start.isoformat(),
            "to": (start + timedelta(weeks=6, minutes=1)).isoformat(),
        },
    )
    assert too_long.status == 400 and too_long.error_code == "window_too_long"
    backwards = await api.get(
        "/api/slots",
        token=cy.token,
        params={
            "from": start.isoformat(),
            "to": (start - timedelta(days=1)).isoformat(),
        },
    )
    assert backwards.status == 400
    bad_status = await api.get("/api/slots", token=cy.token, params={"status": "Open"})
    assert bad_status.status == 400


async def test_available_peers_lists_peers_with_open_slots(api: Api) -> None:
    ada = await api.signup("Ada", skills=["Go", "SQL"])
    bob = await api.signup("Bob", skills=["Python"])
    me = await api.signup("Me")
    for days in (1, 2):
        await publish(api, ada.token, at(days=days))
    await publish(api, me.token, at(days=1))
    await publish(api, bob.token, at(days=20))

    reply = await api.get("/api/available-peers", token=me.token)
    assert reply.status == 200
    [peer] = reply.body["peers"]
    assert peer["user"]["name"] == "Ada"
    assert len(peer["next_slots"]) == 2
    go = await api.get("/api/available-peers", token=me.token, params={"skill": "go"})
    assert [p["user"]["id"] for p in go.body["peers"]] == [ada.id]
    rust = await api.get(
        "/api/available-peers", token=me.token, params={"skill": "Rust"}
    )
    assert rust.body["peers"] == []


async def test_booking_rules(api: Api, mongo, sockets) -> None:
    ada, bob, cy = await api.signup("Ada"), await api.signup("Bob"), await api.signup()
    slot = (await publish(api, ada.token, at(days=1))).body["slots"][0]
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)

    own = await api.post(
        "/api/book-slot", token=ada.token, json={"slot_id": slot["id"]}
    )
    assert own.status == 400 and own.error_code == "own_slot"
    unknown = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": "0" * 24}
    )
    assert unknown.status == 404
    bad = await api.post("/api/book-slot", token=bob.token, json={"slot_id": "x"})
    assert bad.status == 400

    booked = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": slot["id"]}
    )
    assert booked.status == 200
    assert booked.body["status"] == "Booked"
    assert booked.body["interviewee"]["name"] == "Bob"
    for socket in (ada_socket, bob_socket):
        got = await socket.wait_for("slot:booked", lambda p: p["id"] == slot["id"])
        assert got["interviewee_id"] == bob.id

    taken = await api.post(
        "/api/book-slot", token=cy.token, json={"slot_id": slot["id"]}
    )
    assert taken.status == 409 and taken.error_code == "slot_taken"
    await assert_consistent(mongo)


async def test_booking_inside_the_notice_is_too_late(api: Api) -> None:
    ada, bob = await api.signup(), await api.signup()
    soon = (await publish(api, ada.token, at(hours=0.25))).body["slots"]
    assert soon, "a slot 10-15 minutes ahead may be published"
    reply = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": soon[0]["id"]}
    )
    assert reply.status == 409 and reply.error_code == "too_late"
    assert reply.body["error"]["details"] == {"notice_minutes": 15}


async def test_booking_an_overlapping_slot_is_busy(api: Api, mongo) -> None:
    ada, bob, cy = await api.signup(), await api.signup(), await api.signup()
    start = at(days=1)
    first = (await publish(api, ada.token, start)).body["slots"][0]
    second = (await publish(api, bob.token, plus(start, 30))).body["slots"][0]
    assert (
        await api.post("/api/book-slot", token=cy.token, json={"slot_id": first["id"]})
    ).status == 200
    busy = await api.post(
        "/api/book-slot", token=cy.token, json={"slot_id": second["id"]}
    )
    assert busy.status == 409 and busy.error_code == "busy"
    # Ada is busy interviewing Cy then, as interviewer.
    busy_too = await api.post(
        "/api/book-slot", token=ada.token, json={"slot_id": second["id"]}
    )
    assert busy_too.status == 409 and busy_too.error_code == "busy"
    slot = await mongo.interview_slots.find_one({"_id": second["id"]})
    assert slot["status"] == "Available"
    await assert_consistent(mongo)


async def test_booking_withdraws_the_bookers_own_open_offer(
    api: Api, mongo, sockets
) -> None:
    ada, bob = await api.signup(), await api.signup()
    start = at(days=1)
    theirs = (await publish(api, ada.token, start)).body["slots"][0]
    mine = (await publish(api, bob.token, plus(start, 30))).body["slots"][0]
    bob_socket = await sockets(bob.token)
    booked = await api.post(
        "/api/book-slot", token=bob.token, json={"slot_id": theirs["id"]}
    )
    assert booked.status == 200
    gone = await mongo.interview_slots.find_one({"_id": mine["id"]})
    assert gone["status"] == "Cancelled"
    await bob_socket.wait_for("slot:cancelled", lambda p: p["id"] == mine["id"])
    await assert_consistent(mongo)


async def test_cancel_by_interviewee_reopens_and_by_interviewer_withdraws(
    api: Api, mongo, sockets
) -> None:
    ada, bob, cy = await api.signup(), await api.signup(), await api.signup()
    slot = (await publish(api, ada.token, at(days=1))).body["slots"][0]
    await api.post("/api/book-slot", token=bob.token, json={"slot_id": slot["id"]})
    ada_socket, bob_socket = await sockets(ada.token), await sockets(bob.token)

    stranger = await api.delete(
        "/api/cancel-slot", token=cy.token, params={"slot_id": slot["id"]}
    )
    assert stranger.status == 403
    left = await api.delete(
        "/api/cancel-slot", token=bob.token, params={"slot_id": slot["id"]}
    )
    assert left.status == 200
    assert left.body["status"] == "Available" and left.body["interviewee"] is None
    for socket in (ada_socket, bob_socket):
        await socket.wait_for("slot:cancelled", lambda p: p["id"] == slot["id"])
    assert await mongo.busy_guards.count_documents({"user_id": bob.id}) == 0

    # Cy books it again, then Ada withdraws it: Cy is freed too.
    again = await api.post(
        "/api/book-slot", token=cy.token, json={"slot_id": slot["id"]}
    )
    assert again.status == 200
    withdrawn = await api.call(
        "DELETE", "/api/cancel-slot", token=ada.token, json={"slot_id": slot["id"]}
    )
    assert withdrawn.status == 200 and withdrawn.body["status"] == "Cancelled"
    assert await mongo.busy_guards.count_documents({}) == 0
    twice = await api.delete(
        "/api/cancel-slot", token=ada.token, params={"slot_id": slot["id"]}
    )
    assert twice.status == 409 and twice.error_code == "already_cancelled"
    missing = await api.delete("/api/cancel-slot", token=ada.token)
    assert missing.status == 400
    unknown = await api.delete(
        "/api/cancel-slot", token=ada.token, params={"slot_id": "0" * 24}
    )
    assert unknown.status == 404
    await assert_consistent(mongo)


async def test_cancelling_a_started_or_completed_interview_is_409(
    api: Api, mongo
) -> None:
    ada, bob = await api.signup(), await api.signup()
    slot = (await publish(api, ada.token, at(days=1))).body["slots"][0]
    await api.post("/api/book-slot", token=bob.token, json={"slot_id": slot["id"]})
    earlier = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=10)
    await move_slot(mongo, slot["id"], earlier)
    started = await api.delete(
        "/api/cancel-slot", token=bob.token, params={"slot_id": slot["id"]}
    )
    assert started.status == 409 and started.error_code == "interview_past"
    await mongo.interview_slots.update_one(
        {"_id": slot["id"]}, {"$set": {"status": "Completed"}}
    )
    done = await api.delete(
        "/api/cancel-slot", token=ada.token, params={"slot_id": slot["id"]}
    )
    assert done.status == 409 and done.error_code == "interview_completed"


async def test_refused_publishes_leave_nothing_anyone_can_see(api: Api, mongo) -> None:
    ada = await api.signup()
    start = at(hours=30)
    first = await api.post("/api/slots", token=ada.token, json={"slot_time": start})
    assert first.status == 201

    # One repeat and a burst of overlapping publishes at once: all refused.
    import asyncio

    again = [
        api.post(
            "/api/slots",
            token=ada.token,
            json={"slot_time": start, "duration_minutes": 30},
        )
        for _ in range(8)
    ]
    replies = await asyncio.gather(*again)
    assert {r.status for r in replies} == {409}

    mine = await api.get(
        "/api/slots",
        token=ada.token,
        params={"user_id": ada.id, "from": at(hours=1), "to": at(hours=60)},
    )
    assert [s["status"] for s in mine.body["slots"]] == ["Available"]
    interviews = await api.get("/api/interviews", token=ada.token)
    assert interviews.body == {"upcoming": [], "past": []}
    await assert_consistent(mongo)


async def test_a_slot_more_than_90_days_ahead_is_refused(api: Api, mongo) -> None:
    ada = await api.signup()
    far = await api.post(
        "/api/slots", token=ada.token, json={"slot_time": at(days=120)}
    )
    assert far.status == 400
    assert far.error_code == "too_far_ahead"
    assert await mongo.interview_slots.count_documents({}) == 0
