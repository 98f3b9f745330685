"""Concurrent bookings and cancels: the invariants hold under races.

After every race the database is read directly: no slot booked twice, no
user with overlapping Booked interviews, guards exactly matching the live
slots (``consistency_problems``).
"""

from __future__ import annotations

import asyncio

from tests.helpers import Api, User
from tests.scheduling_helpers import assert_consistent, at, plus

ROUNDS = 20


async def signup_many(api: Api, count: int) -> list[User]:
    users: list[User] = []
    for start in range(0, count, 50):
        batch = range(start, min(count, start + 50))
        users += await asyncio.gather(*(api.signup(f"Racer {n}") for n in batch))
    return users


async def publish(api: Api, user: User, slot_time: str) -> dict:
    reply = await api.post(
        "/api/slots", token=user.token, json={"slot_time": slot_time}
    )
    assert reply.status == 201, reply.body
    return reply.body["slots"][0]


async def test_two_hundred_bookings_of_one_slot_give_one_success(
    api: Api, mongo
) -> None:
    host, *racers = await signup_many(api, 201)
    for round_ in range(ROUNDS):
        slot = await publish(api, host, at(days=1, hours=2 * round_))
        replies = await asyncio.gather(
            *(
                api.post("/api/book-slot", token=u.token, json={"slot_id": slot["id"]})
                for u in racers
            )
        )
        statuses = sorted(r.status for r in replies)
        assert statuses == [200] + [409] * 199, statuses
        assert {r.error_code for r in replies if r.status == 409} == {"slot_taken"}
        [winner] = [r.body for r in replies if r.status == 200]
        doc = await mongo.interview_slots.find_one({"_id": slot["id"]})
        assert doc["interviewee_id"] == winner["interviewee_id"]
        await assert_consistent(mongo)
    # Only the winners' guards remain besides the host's.
    assert (
        await mongo.busy_guards.count_documents({"role": "interviewee"}) == ROUNDS * 12
    )


async def test_one_user_booking_two_overlapping_slots_gets_at_most_one(
    api: Api, mongo
) -> None:
    ada, bob, cy = await signup_many(api, 3)
    wins = 0
    for round_ in range(ROUNDS):
        start = at(days=1, hours=2 * round_)
        first = await publish(api, ada, start)
        second = await publish(api, bob, plus(start, 30))
        replies = await asyncio.gather(
            *(
                api.post("/api/book-slot", token=cy.token, json={"slot_id": s["id"]})
                for s in (first, second)
            )
        )
        ok = [r for r in replies if r.status == 200]
        assert len(ok) <= 1, [r.body for r in replies]
        assert all(r.error_code in ("busy", None) for r in replies)
        wins += len(ok)
        await assert_consistent(mongo)
    assert wins >= 1


async def test_booking_against_interviewer_cancel_ends_consistent(
    api: Api, mongo
) -> None:
    host, guest = await signup_many(api, 2)
    outcomes = set()
    for round_ in range(ROUNDS):
        slot = await publish(api, host, at(days=1, hours=2 * round_))
        booked, cancelled = await asyncio.gather(
            api.post("/api/book-slot", token=guest.token, json={"slot_id": slot["id"]}),
            api.delete(
                "/api/cancel-slot", token=host.token, params={"slot_id": slot["id"]}
            ),
        )
        assert cancelled.status == 200, cancelled.body
        doc = await mongo.interview_slots.find_one({"_id": slot["id"]})
        assert doc["status"] == "Cancelled"
        assert booked.status in (200, 409)
        if booked.status == 409:
            assert booked.error_code == "slot_taken"
        outcomes.add(booked.status)
        # Whatever happened, the guest holds no time for it any more.
        assert await mongo.busy_guards.count_documents({"slot_id": slot["id"]}) == 0
        await assert_consistent(mongo)
    assert 409 in outcomes


async def test_one_user_booking_and_accepting_with_own_offer_races(
    api: Api, mongo
) -> None:
    """Booking someone's slot while one's own overlapping offer is being
    booked by a third user: never both."""
    ada, bob, cy = await signup_many(api, 3)
    for round_ in range(ROUNDS):
        start = at(days=1, hours=2 * round_)
        theirs = await publish(api, ada, start)
        mine = await publish(api, bob, plus(start, 30))
        replies = await asyncio.gather(
            api.post("/api/book-slot", token=bob.token, json={"slot_id": theirs["id"]}),
            api.post("/api/book-slot", token=cy.token, json={"slot_id": mine["id"]}),
        )
        assert [r.status for r in replies].count(200) >= 1
        await assert_consistent(mongo)
