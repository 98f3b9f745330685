"""Publishing, booking and cancelling interviews without ever double-booking.

Two database rules carry every invariant, with no transactions:

* a slot changes state only by one conditional ``find_one_and_update``
  (``{_id, status: "Available"}`` to book it), so it is booked at most once;
* a user's time is held by guards in ``busy_guards``, one per 5-minute cell,
  under a unique ``(user_id, cell)`` index, so no two live slots of one
  user (as interviewer or interviewee) can overlap.

An open slot already holds its interviewer's cells, so an interviewer cannot
publish overlapping slots and an open slot can always be booked on their
side. Booking inserts the interviewee's cells first and flips the slot
second; whichever step fails, the claim is released. Every cancel flips the
slot first and releases the guards second, so no moment exists in which a
live interview has no guard. docs/scheduling.md walks through what a crash
between the steps leaves behind and how ``sweep`` clears it.

Every function takes ``now`` so tests can move the clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import PyMongoError

from realtime import booking
from realtime.booking import INTERVIEWEE, INTERVIEWER
from realtime.clock import utcnow
from realtime.db import Doc, new_id
from realtime.errors import BadRequest, Conflict, Forbidden, NotFound
from realtime.keys import database_key
from realtime.store import guards
from realtime.store import slots as store

log = logging.getLogger(__name__)

# A claim whose slot does not name it yet may be deleted by anyone once
# this old; a writer in flight gives up at half of it.
LEASE = timedelta(minutes=2)
CLAIM_RETRIES = 4


@dataclass
class Outcome:
    """A changed slot and the user's open slots withdrawn to make room."""

    slot: Doc
    withdrawn: list[Doc] = field(default_factory=list)


class Busy(Exception):
    """``user_id`` already holds some of the cells (``slot_id`` holds them)."""

    def __init__(self, user_id: str, slot_id: str | None) -> None:
        super().__init__(user_id)
        self.user_id = user_id
        self.slot_id = slot_id


# rules checked before any write


def check_slot_time(start: datetime, minutes: int, now: datetime) -> None:
    """400 unless the slot is on the grid, of a valid length and ahead."""
    if not booking.on_grid(start):
        raise BadRequest(
            "Slot times must be on the 5-minute grid (e.g. 18:05:00).",
            code="off_grid",
        )
    if minutes % booking.GRID_MINUTES or not (
        booking.MIN_DURATION <= minutes <= booking.MAX_DURATION
    ):
        raise BadRequest(
            f"Duration must be {booking.MIN_DURATION}-{booking.MAX_DURATION} "
            "minutes in steps of 5.",
            code="bad_duration",
        )
    if start <= now:
        raise BadRequest("The slot is in the past.", code="slot_in_past")
    if start > now + booking.MAX_AHEAD:
        raise BadRequest(
            f"Slots can be at most {booking.MAX_AHEAD.days} days ahead.",
            code="too_far_ahead",
        )


# claims


async def claim(
    db: AsyncDatabase[Doc],
    *,
    user_id: str,
    slot_id: str,
    role: str,
    start: datetime,
    minutes: int,
    now: datetime,
    supersede_open: bool,
) -> tuple[str, list[Doc]]:
    """Hold ``user_id``'s cells for ``slot_id``; returns the claim id and the
    open slots withdrawn to make room.

    Guards in the way that protect nothing (see ``booking.guard_state``)
    are deleted; with ``supersede_open`` the user's own open slots in the way
    are withdrawn (booking an interview takes the place of an offer). Raises
    Busy when a live interview or a slot being written holds the time.
    """
    cells = booking.cells(start, minutes)
    withdrawn: list[Doc] = []
    for _ in range(CLAIM_RETRIES):
        claim_id = new_id()
        if await guards.insert(
            db,
            user_id=user_id,
            cells=cells,
            slot_id=slot_id,
            role=role,
            claim=claim_id,
        ):
            return claim_id, withdrawn
        await guards.release(db, claim_id)
        withdrawn += await _clear_way(
            db, user_id, cells, now=now, supersede_open=supersede_open
        )
    raise Busy(user_id, None)


async def _clear_way(
    db: AsyncDatabase[Doc],
    user_id: str,
    cells: list[datetime],
    *,
    now: datetime,
    supersede_open: bool,
) -> list[Doc]:
    """Remove what may be removed from the user's way, or raise Busy."""
    # one guard per claim is enough to judge the claim
    holders = {g["claim"]: g for g in await guards.holding(db, user_id, cells)}
    slots = await store.get_many(db, {g["slot_id"] for g in holders.values()})
    withdrawn: list[Doc] = []
    for guard in holders.values():
        slot = slots.get(guard["slot_id"])
        state = booking.guard_state(guard, slot, now=utcnow(), lease=LEASE)
        if state == booking.STALE:
            await guards.release(db, guard["claim"])
            continue
        if state == booking.ABANDONED:
            if await _fence(db, guard):
                continue
            raise Busy(user_id, guard["slot_id"])
        own_offer = (
            state == booking.LIVE_GUARD
            and slot is not None
            and slot["status"] == booking.AVAILABLE
            and guard["role"] == INTERVIEWER
        )
        if not (supersede_open and own_offer):
            raise Busy(user_id, guard["slot_id"])
        before = await store.withdraw(
            db,
            guard["slot_id"],
            user_id=user_id,
            now=now,
            only_open=True,
            reason="superseded",
        )
        if before is None:
            # Booked (or gone) since we looked: it is in the way for real.
            raise Busy(user_id, guard["slot_id"])
        await guards.release(db, before.get("interviewer_claim"))
        withdrawn.append(await store.get(db, guard["slot_id"]) or before)
        log.info(
            "open slot withdrawn for a booking",
            extra={"user_id": user_id, "slot_id": guard["slot_id"]},
        )
    return withdrawn


async def _fence(db: AsyncDatabase[Doc], guard: Doc) -> bool:
    """Make an abandoned claim unusable, then delete it; False when the slot
    took the claim up meanwhile (it is live after all)."""
    slot = await store.get(db, guard["slot_id"])
    if slot is not None and slot["status"] == booking.PENDING:
        fenced = await store.abandon_pending(db, guard["slot_id"])
    else:
        fenced = await store.fence(db, guard["slot_id"], guard["role"], guard["claim"])
    if not fenced:
        return False
    await guards.release(db, guard["claim"])
    log.warning(
        "abandoned claim released",
        extra={"slot_id": guard["slot_id"], "user_id": guard["user_id"]},
    )
    return True


# publishing


async def publish(
    db: AsyncDatabase[Doc],
    user_id: str,
    start: datetime,
    minutes: int,
    *,
    now: datetime,
) -> Doc:
    """One open slot with ``user_id`` as interviewer; 409 on overlap."""
    check_slot_time(start, minutes, now)
    slot_id = new_id()
    # The slot is written first (Pending), so a guard's slot always exists.
    await store.insert(
        db,
        store.new_slot(
            slot_id=slot_id,
            interviewer_id=user_id,
            start=start,
            minutes=minutes,
            now=now,
        ),
    )
    try:
        claim_id, _ = await claim(
            db,
            user_id=user_id,
            slot_id=slot_id,
            role=INTERVIEWER,
            start=start,
            minutes=minutes,
            now=now,
            supersede_open=False,
        )
    except Busy as busy:
        await store.abandon_pending(db, slot_id)
        raise Conflict(
            "This overlaps another of your open or booked slots.",
            code="slot_overlap",
            details={"slot_id": busy.slot_id},
        ) from None
    except BaseException:
        await store.abandon_pending(db, slot_id)
        raise

    doc = await store.activate(
        db, slot_id, interviewer_claim=claim_id, interviewee_claim=None
    )
    if doc is None:
        # fenced off as abandoned meanwhile
        await store.abandon_pending(db, slot_id)
        await _drop_claim(db, slot_id, INTERVIEWER, claim_id)
        raise Conflict("Publishing took too long; try again.", code="retry")
    log.info("slot published", extra={"user_id": user_id, "slot_id": slot_id})
    return doc


async def publish_from_availability(
    db: AsyncDatabase[Doc],
    user: Doc,
    *,
    weeks: int,
    minutes: int,
    notice_minutes: int,
    now: datetime,
) -> list[Doc]:
    """Open slots over the user's weekly availability for the next ``weeks``.

    Time already taken by the user's live slots is left out, and a slot
    that loses a race with another write is skipped, so calling this again
    creates nothing twice.
    """
    window_start, window_end = booking.generation_window(now, weeks, notice_minutes)
    taken = await store.owned_live(db, user["_id"], window_start, window_end)
    busy = [booking.Interval(s["slot_time"], s["end_time"]) for s in taken]
    wanted = booking.generate(
        user.get("availability") or [],
        user.get("timezone") or "UTC",
        now=now,
        weeks=weeks,
        minutes=minutes,
        notice_minutes=notice_minutes,
        busy=busy,
    )
    created: list[Doc] = []
    for interval in wanted:
        try:
            created.append(
                await publish(db, user["_id"], interval.start, minutes, now=now)
            )
        except Conflict:
            continue
    log.info(
        "slots generated",
        extra={"user_id": user["_id"], "slot_count": len(created), "weeks": weeks},
    )
    return created


# booking


async def book_slot(
    db: AsyncDatabase[Doc],
    slot_id: str,
    user_id: str,
    *,
    notice_minutes: int,
    now: datetime,
) -> Outcome:
    """``user_id`` books an open slot as the interviewee."""
    slot = await store.get(db, slot_id)
    if slot is None:
        raise NotFound("No such slot.", code="slot_not_found")
    if slot["interviewer_id"] == user_id:
        raise BadRequest("You cannot book your own slot.", code="own_slot")
    earliest = now + timedelta(minutes=notice_minutes)
    _refuse_unbookable(slot, earliest, notice_minutes)

    # hold the interviewee's time, then take the slot
    try:
        claim_id, withdrawn = await claim(
            db,
            user_id=user_id,
            slot_id=slot_id,
            role=INTERVIEWEE,
            start=slot["slot_time"],
            minutes=slot["duration_minutes"],
            now=now,
            supersede_open=True,
        )
    except Busy as busy:
        raise Conflict(
            "You already have an interview at that time.",
            code="busy",
            details={"slot_id": busy.slot_id},
        ) from None
    try:
        booked = await store.take(
            db, slot_id, user_id=user_id, claim=claim_id, earliest=earliest, now=now
        )
    except BaseException:
        # The write may have happened even though we got no answer.
        await _drop_claim(db, slot_id, INTERVIEWEE, claim_id)
        raise
    if booked is None:
        # A definite "no match": the claim was not taken up.
        await guards.release(db, claim_id)
        current = await store.get(db, slot_id)
        assert current is not None
        _refuse_unbookable(current, earliest, notice_minutes)
        raise Conflict("The slot is no longer available.", code="slot_taken")

    log.info("slot booked", extra={"user_id": user_id, "slot_id": slot_id})
    return Outcome(booked, withdrawn)


def _refuse_unbookable(slot: Doc, earliest: datetime, notice_minutes: int) -> None:
    if slot["status"] != booking.AVAILABLE:
        raise Conflict(
            "The slot is no longer available.",
            code="slot_taken",
            details={"status": slot["status"]},
        )
    if slot["slot_time"] < earliest:
        raise Conflict(
            f"Slots must be booked at least {notice_minutes} minutes ahead.",
            code="too_late",
            details={"notice_minutes": notice_minutes},
        )


async def has_interview(
    db: AsyncDatabase[Doc], user_id: str, start: datetime, minutes: int
) -> bool:
    """Whether ``user_id`` holds a Booked interview overlapping the time.

    A read, for refusing early; the guards still decide under a race."""
    for guard in await guards.holding(db, user_id, booking.cells(start, minutes)):
        holder = await store.get(db, guard["slot_id"])
        state = booking.guard_state(guard, holder, now=utcnow(), lease=LEASE)
        if (
            holder is not None
            and holder["status"] == booking.BOOKED
            and state == booking.LIVE_GUARD
        ):
            return True
    return False


async def refuse_if_booked(
    db: AsyncDatabase[Doc],
    interviewer_id: str,
    interviewee_id: str,
    start: datetime,
    minutes: int,
) -> None:
    """409 ``interviewer_busy`` / ``interviewee_busy`` when either already
    has an interview at that time."""
    for role, user_id in ((INTERVIEWER, interviewer_id), (INTERVIEWEE, interviewee_id)):
        if await has_interview(db, user_id, start, minutes):
            raise _busy_conflict(role)


async def book_interview(
    db: AsyncDatabase[Doc],
    *,
    interviewer_id: str,
    interviewee_id: str,
    start: datetime,
    duration_minutes: int = booking.DEFAULT_DURATION,
    match_request_id: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """A Booked interview straight away (an accepted match request).

    Both users' time is claimed under the same guards as a booking; their
    own open slots in the way are withdrawn. Raises Conflict
    ``interviewer_busy`` / ``interviewee_busy`` when either already has an
    interview then, and changes nothing in that case.
    """
    now = now or utcnow()
    check_slot_time(start, duration_minutes, now)
    if interviewer_id == interviewee_id:
        raise BadRequest("An interview needs two people.", code="same_user")

    # Look before withdrawing anything: a sure refusal should cost no offer.
    await refuse_if_booked(db, interviewer_id, interviewee_id, start, duration_minutes)

    slot_id = new_id()
    await store.insert(
        db,
        store.new_slot(
            slot_id=slot_id,
            interviewer_id=interviewer_id,
            start=start,
            minutes=duration_minutes,
            now=now,
            interviewee_id=interviewee_id,
            match_request_id=match_request_id,
        ),
    )
    claims: list[str] = []
    withdrawn: list[Doc] = []
    try:
        for role, user_id in (
            (INTERVIEWER, interviewer_id),
            (INTERVIEWEE, interviewee_id),
        ):
            try:
                claim_id, gone = await claim(
                    db,
                    user_id=user_id,
                    slot_id=slot_id,
                    role=role,
                    start=start,
                    minutes=duration_minutes,
                    now=now,
                    supersede_open=True,
                )
            except Busy:
                raise _busy_conflict(role) from None
            claims.append(claim_id)
            withdrawn += gone
        doc = await store.activate(
            db, slot_id, interviewer_claim=claims[0], interviewee_claim=claims[1]
        )
        if doc is None:
            raise Conflict("Booking took too long; try again.", code="retry")
    except BaseException:
        # End the slot first (it may have been activated without our
        # hearing), then its claims protect nothing.
        ended = await store.abandon_pending(db, slot_id)
        ended = ended or await store.drop_booking(db, slot_id, now=now) is not None
        if ended:
            await guards.release(db, *claims)
        raise
    log.info(
        "interview booked",
        extra={"slot_id": slot_id, "match_request_id": match_request_id},
    )
    return Outcome(doc, withdrawn)


async def _drop_claim(
    db: AsyncDatabase[Doc], slot_id: str, role: str, claim_id: str
) -> None:
    """Release a claim the slot may or may not have taken up: fence it off
    first, so that it is released only if the slot can never name it."""
    try:
        if await store.fence(db, slot_id, role, claim_id):
            await guards.release(db, claim_id)
    except PyMongoError:
        log.warning(
            "claim left for the sweep", extra={"slot_id": slot_id, "role": role}
        )


def _busy_conflict(role: str) -> Conflict:
    who = "The interviewer" if role == INTERVIEWER else "The requester"
    return Conflict(
        f"{who} already has an interview at that time.",
        code=f"{role}_busy",
        details={"role": role},
    )


async def undo_booking(
    db: AsyncDatabase[Doc], slot_id: str, *, now: datetime | None = None
) -> Doc | None:
    """Cancel an interview ``book_interview`` made, whatever its time, and
    free both users (for when the step after booking lost a race)."""
    now = now or utcnow()
    before = await store.drop_booking(db, slot_id, now=now)
    if before is None:
        return None
    await guards.release(
        db, before.get("interviewer_claim"), before.get("interviewee_claim")
    )
    return await store.get(db, slot_id)


# cancelling


async def cancel(
    db: AsyncDatabase[Doc], slot_id: str, user_id: str, *, now: datetime
) -> Doc:
    """A participant cancels. The interviewee leaves (the slot opens again,
    unless a match request made it); the interviewer withdraws it."""
    slot = await store.get(db, slot_id)
    if slot is None:
        raise NotFound("No such slot.", code="slot_not_found")
    if user_id not in (slot["interviewer_id"], slot.get("interviewee_id")):
        raise Forbidden("Only the interview's participants may cancel it.")
    _refuse_uncancellable(slot, now)

    if user_id == slot["interviewer_id"]:
        before = await store.withdraw(db, slot_id, user_id=user_id, now=now)
    else:
        before = await store.leave(
            db,
            slot_id,
            user_id=user_id,
            reopen=slot.get("match_request_id") is None,
            now=now,
        )
    if before is None:
        current = await store.get(db, slot_id)
        assert current is not None
        if user_id not in (current["interviewer_id"], current.get("interviewee_id")):
            raise Conflict("You are no longer part of this slot.", code="slot_taken")
        _refuse_uncancellable(current, now)
        raise Conflict("The slot changed meanwhile; try again.", code="retry")

    # The slot no longer names these claims: release what it held.
    after = await store.get(db, slot_id)
    assert after is not None
    ended = [before.get("interviewee_claim")]
    if after["status"] == booking.CANCELLED:
        ended.append(before.get("interviewer_claim"))
    await guards.release(db, *ended)
    log.info(
        "slot cancelled",
        extra={"user_id": user_id, "slot_id": slot_id, "status": after["status"]},
    )
    return after


def _refuse_uncancellable(slot: Doc, now: datetime) -> None:
    if slot["status"] == booking.COMPLETED:
        raise Conflict("The interview is completed.", code="interview_completed")
    if slot["status"] == booking.CANCELLED:
        raise Conflict("The slot is already cancelled.", code="already_cancelled")
    if slot["slot_time"] <= now:
        raise Conflict("The interview has already started.", code="interview_past")


# upkeep


async def sweep(
    db: AsyncDatabase[Doc], *, now: datetime | None = None
) -> dict[str, int]:
    """Complete ended interviews, delete guards that protect nothing, and
    forget slots that were never shown (Void).

    Safe at any time and from any number of processes: it deletes only
    guards ``booking.guard_state`` calls stale, and abandoned claims only
    after fencing them off on their slot.
    """
    now = now or utcnow()
    completed = await store.complete_ended(db, now)
    past = await guards.delete_past(db, now - booking.GRID)

    seen: dict[str, Doc] = {}
    async for guard in guards.future(db, now):
        seen.setdefault(guard["claim"], guard)
    slots = await store.get_many(db, {g["slot_id"] for g in seen.values()})
    released = 0
    for claim_id, guard in seen.items():
        state = booking.guard_state(
            guard, slots.get(guard["slot_id"]), now=now, lease=LEASE
        )
        if state == booking.STALE:
            released += await guards.release(db, claim_id)
        elif state == booking.ABANDONED and await _fence(db, guard):
            released += 1
    void = await store.delete_void(db, now - LEASE)
    counts = {
        "completed": completed,
        "past_guards": past,
        "stale_guards": released,
        "void_slots": void,
    }
    if completed or released or void:
        log.info("schedule swept", extra=counts)
    return counts


async def consistency_problems(db: AsyncDatabase[Doc]) -> list[str]:
    """Every invariant violation in the database, as sentences (tests and the
    benchmark use this; it reads everything)."""
    problems: list[str] = []
    docs = [doc async for doc in db.interview_slots.find({})]
    by_user: dict[str, list[Doc]] = {}
    for doc in docs:
        if doc["status"] == booking.BOOKED:
            if not doc.get("interviewee_id"):
                problems.append(f"slot {doc['_id']} is Booked with no interviewee")
            for uid in (doc["interviewer_id"], doc.get("interviewee_id")):
                if uid:
                    by_user.setdefault(uid, []).append(doc)
    for uid, booked in by_user.items():
        booked.sort(key=lambda d: d["slot_time"])
        for a, b in zip(booked, booked[1:], strict=False):
            if b["slot_time"] < a["end_time"]:
                problems.append(f"user {uid} holds overlapping {a['_id']} {b['_id']}")

    held: dict[str, set[Any]] = {}
    async for guard in db.busy_guards.find({}):
        held.setdefault(guard["claim"], set()).add(guard["cell"])
    for doc in docs:
        if doc["status"] not in booking.LIVE:
            continue
        wanted = set(booking.cells(doc["slot_time"], doc["duration_minutes"]))
        for role in (INTERVIEWER, INTERVIEWEE):
            claim_id = doc.get(f"{role}_claim")
            if role == INTERVIEWEE and doc["status"] == booking.AVAILABLE:
                continue
            if held.get(claim_id or "", set()) != wanted:
                problems.append(f"slot {doc['_id']} {role} guards do not match")
    return problems


SWEEP_EVERY_S = 60.0


async def sweeper(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: sweep at start-up (clearing what a crash left) and
    then every minute until shutdown."""
    db = app[database_key].db

    async def run() -> None:
        while True:
            try:
                await sweep(db)
            except PyMongoError:
                log.exception("schedule sweep failed")
            await asyncio.sleep(SWEEP_EVERY_S)

    task = asyncio.create_task(run(), name="schedule-sweeper")
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
