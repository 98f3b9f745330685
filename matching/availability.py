"""Weekly availability in a user's own time zone, and its concrete UTC instants.

A user's availability is a list of ``{"day": "Monday", "time_slots":
["18:00-21:00"]}`` entries in the user's IANA time zone. Slots are
``HH:MM-HH:MM`` on a 5-minute grid; a slot may end at ``24:00`` (midnight at
the end of that day) but nothing may start there. Slots on one day may touch
("09:00-10:00" and "10:00-11:00") but not overlap.

The one rule that gives every other answer, DST included:

    A user is available at a UTC instant ``t`` iff the wall-clock time of
    ``t`` in their zone falls inside one of their slots on that local weekday.

So on a spring-forward day the skipped local hour yields nothing, and on a
fall-back day the repeated local hour is available twice: two real hours.

Concrete intervals are half-open ``[start, end)`` in UTC. Between two DST
transitions a zone's offset is constant, so ``expand`` maps each weekly slot
into each constant-offset segment with plain arithmetic; the work grows with
the number of slots and segments, not with the length of the window in
minutes. Internally instants are whole seconds since the Unix epoch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
SHORT_DAYS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

GRID_MINUTES = 5
SLOTS_PER_DAY = 24 * 60 // GRID_MINUTES  # 288
WEEK_SLOTS = 7 * SLOTS_PER_DAY  # 2016
MASK_BYTES = WEEK_SLOTS // 8  # 252
MAX_SLOTS_PER_DAY = 12
MAX_ENTRIES = 28

DAY_S = 86_400
WEEK_S = 7 * DAY_S
# 1970-01-05 was the first Monday after the epoch: week offsets count from it.
MONDAY_EPOCH_S = 4 * DAY_S
# Step used to look for offset changes; no zone changes its offset twice
# within six hours, so a change is never stepped over.
_PROBE_S = 6 * 3600

_SLOT_RE = re.compile(r"([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})")

Loc = tuple[str | int, ...]
Weekly = tuple[tuple[int, int], ...]
Span = tuple[int, int]


class AvailabilityError(ValueError):
    """Bad availability data; ``loc`` names the offending field."""

    def __init__(self, message: str, loc: Loc = ("availability",)) -> None:
        super().__init__(message)
        self.message = message
        self.loc = loc


@dataclass(frozen=True, slots=True)
class Interval:
    """A half-open UTC interval ``[start, end)`` with aware datetimes."""

    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return (self.end - self.start) // timedelta(minutes=1)


# parsing and validation


def parse_slot(text: str) -> tuple[int, int]:
    """Parse ``"HH:MM-HH:MM"`` into minutes since local midnight."""
    match = _SLOT_RE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise AvailabilityError(f"time slot {text!r} is not in HH:MM-HH:MM form")
    sh, sm, eh, em = (int(part) for part in match.groups())
    if sh > 23 or sm > 59:
        raise AvailabilityError(f"time slot {text!r} has an invalid start time")
    if (eh > 23 or em > 59) and (eh, em) != (24, 0):
        raise AvailabilityError(f"time slot {text!r} has an invalid end time")
    if sm % GRID_MINUTES or em % GRID_MINUTES:
        raise AvailabilityError(
            f"time slot {text!r} is not on the {GRID_MINUTES}-minute grid"
        )
    start, end = sh * 60 + sm, eh * 60 + em
    if start >= end:
        raise AvailabilityError(f"time slot {text!r} does not end after it starts")
    return start, end


def format_slot(start: int, end: int) -> str:
    """Format minutes since midnight as ``"HH:MM-HH:MM"`` (1440 is 24:00)."""
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


def validate_availability(raw: Any) -> list[dict[str, Any]]:
    """Check raw availability and return a normalised copy.

    The copy has one entry per day in Monday..Sunday order, days without
    slots left out, and each day's slots sorted. Entries naming the same day
    are merged and exact duplicate slots dropped; overlapping slots (touching
    is fine), unknown days, bad slots and more than ``MAX_SLOTS_PER_DAY``
    slots on a day raise ``AvailabilityError`` with the field's location.
    """
    if not isinstance(raw, list):
        raise AvailabilityError("availability must be a list")
    if len(raw) > MAX_ENTRIES:
        raise AvailabilityError(f"availability has more than {MAX_ENTRIES} entries")

    # collect every slot with the place it came from
    names = {name.lower(): n for n, name in enumerate(DAYS)}
    per_day: dict[int, dict[Span, Loc]] = {}
    for i, entry in enumerate(raw):
        loc: Loc = ("availability", i)
        if not isinstance(entry, dict):
            raise AvailabilityError("entry must be an object", loc)
        for key in entry:
            if key not in ("day", "time_slots"):
                raise AvailabilityError(f"unknown field {key!r}", (*loc, key))
        day = entry.get("day")
        if not isinstance(day, str) or day.lower() not in names:
            raise AvailabilityError("day must be Monday..Sunday", (*loc, "day"))
        slots = entry.get("time_slots")
        if not isinstance(slots, list):
            raise AvailabilityError("time_slots must be a list", (*loc, "time_slots"))
        seen = per_day.setdefault(names[day.lower()], {})
        for j, text in enumerate(slots):
            slot_loc = (*loc, "time_slots", j)
            try:
                span = parse_slot(text)
            except AvailabilityError as exc:
                raise AvailabilityError(exc.message, slot_loc) from None
            seen.setdefault(span, slot_loc)

    # check each day's slots against each other
    result: list[dict[str, Any]] = []
    for day_index in sorted(per_day):
        spans = sorted(per_day[day_index].items())
        if len(spans) > MAX_SLOTS_PER_DAY:
            raise AvailabilityError(
                f"{DAYS[day_index]} has more than {MAX_SLOTS_PER_DAY} slots",
                spans[MAX_SLOTS_PER_DAY][1],
            )
        for (prev, _), (span, loc) in zip(spans, spans[1:], strict=False):
            if span[0] < prev[1]:
                raise AvailabilityError(
                    f"{format_slot(*span)} overlaps {format_slot(*prev)} "
                    f"on {DAYS[day_index]}",
                    loc,
                )
        if spans:
            result.append(
                {
                    "day": DAYS[day_index],
                    "time_slots": [format_slot(*span) for span, _ in spans],
                }
            )
    return result


def weekly_minutes(availability: Iterable[Mapping[str, Any]]) -> Weekly:
    """Merged ``[start, end)`` minutes of the local week (Monday 00:00 = 0)."""
    index = {name.lower(): n for n, name in enumerate(DAYS)}
    spans: list[Span] = []
    for entry in availability:
        day = index.get(str(entry.get("day", "")).lower())
        if day is None:
            raise AvailabilityError(f"unknown day {entry.get('day')!r}")
        for text in entry.get("time_slots", ()):
            start, end = parse_slot(text)
            spans.append((day * 1440 + start, day * 1440 + end))
    return tuple(_merge(spans))


def local_week_mask(availability: Iterable[Mapping[str, Any]]) -> bytes:
    """The week as 2016 five-minute bits, 252 bytes, independent of zone.

    Bit ``k`` (Monday 00:00 local is ``k = 0``) is bit ``k % 8`` of byte
    ``k // 8``, so the bytes read as one little-endian integer.
    """
    value = 0
    for start, end in weekly_minutes(availability):
        a, b = start // GRID_MINUTES, -(-end // GRID_MINUTES)
        value |= ((1 << (b - a)) - 1) << a
    return value.to_bytes(MASK_BYTES, "little")


# time zone offsets


def zone(name: str) -> ZoneInfo:
    """Load an IANA zone, raising ``AvailabilityError`` for unknown names."""
    try:
        return _zone(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise AvailabilityError(f"unknown time zone {name!r}", ("timezone",)) from None


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _offset(tz: ZoneInfo, t: int) -> int:
    offset = datetime.fromtimestamp(t, tz).utcoffset()
    assert offset is not None
    return offset // timedelta(seconds=1)


@lru_cache(maxsize=4096)
def offset_segments(tz: str, start: int, end: int) -> tuple[tuple[int, int, int], ...]:
    """Split ``[start, end)`` (epoch seconds) into constant-offset pieces.

    Each piece is ``(start, end, offset_seconds)``. Offset changes are found
    by probing every six hours and bisecting to the second.
    """
    info = zone(tz)
    pieces: list[tuple[int, int, int]] = []
    seg_start, seg_offset = start, _offset(info, start)
    probe, last = start, end - 1
    while probe < last:
        nxt = min(probe + _PROBE_S, last)
        nxt_offset = _offset(info, nxt)
        if nxt_offset != seg_offset:
            # the offset changes in (probe, nxt]: find the first second of it
            lo, hi = probe, nxt
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(info, mid) == seg_offset:
                    lo = mid
                else:
                    hi = mid
            pieces.append((seg_start, hi, seg_offset))
            seg_start, seg_offset = hi, nxt_offset
        probe = nxt
    if seg_start < end:
        pieces.append((seg_start, end, seg_offset))
    return tuple(pieces)


# concrete intervals


def to_seconds(moment: datetime) -> int:
    """Whole seconds since the epoch of an aware datetime (floored)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("datetime must be timezone-aware")
    return (moment - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(seconds=1)


def from_seconds(t: int) -> datetime:
    return datetime.fromtimestamp(t, UTC)


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def expand_weekly(weekly: Weekly, tz: str, start: int, end: int) -> list[Span]:
    """UTC spans (epoch seconds) of a weekly pattern within ``[start, end)``."""
    spans: list[Span] = []
    if start >= end or not weekly:
        return spans
    for seg_start, seg_end, offset in offset_segments(tz, start, end):
        lo, hi = seg_start + offset, seg_end + offset  # local seconds
        first = (lo - MONDAY_EPOCH_S) // WEEK_S
        last = (hi - 1 - MONDAY_EPOCH_S) // WEEK_S
        for week in range(first, last + 1):
            base = MONDAY_EPOCH_S + week * WEEK_S
            for a, b in weekly:
                s, e = max(base + a * 60, lo), min(base + b * 60, hi)
                if s < e:
                    spans.append((s - offset, e - offset))
    return _merge(spans)


def intersect_spans(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Intersection of two sorted, merged span lists."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def spans_to_intervals(spans: Iterable[Span]) -> list[Interval]:
    return [Interval(from_seconds(s), from_seconds(e)) for s, e in spans]


def intervals_to_spans(intervals: Iterable[Interval]) -> list[Span]:
    return [(to_seconds(iv.start), to_seconds(iv.end)) for iv in intervals]


def expand(
    availability: Iterable[Mapping[str, Any]],
    tz: str,
    start: datetime,
    end: datetime,
) -> list[Interval]:
    """Merged, sorted UTC intervals of availability within ``[start, end)``.

    Works at whole-second resolution: ``start`` and ``end`` are floored to
    the second.
    """
    zone(tz)
    spans = expand_weekly(
        weekly_minutes(availability), tz, to_seconds(start), to_seconds(end)
    )
    return spans_to_intervals(spans)


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Intersection of two sorted, merged interval lists."""
    spans = intersect_spans(intervals_to_spans(a), intervals_to_spans(b))
    return spans_to_intervals(spans)


def total_minutes(intervals: Iterable[Interval]) -> int:
    """Whole minutes covered by disjoint intervals."""
    total = sum((iv.end - iv.start for iv in intervals), timedelta())
    return total // timedelta(minutes=1)


def horizon(now: datetime, days: int = 14) -> tuple[datetime, datetime]:
    """The matching window ``[start, start + days)`` in UTC.

    ``start`` is ``now`` rounded up to the next 5-minute mark; an instant
    already exactly on a mark is kept as it is.
    """
    t = now.astimezone(UTC)
    minute = t.minute - t.minute % GRID_MINUTES
    floor = t.replace(minute=minute, second=0, microsecond=0)
    start = floor if floor == t else floor + timedelta(minutes=GRID_MINUTES)
    return start, start + timedelta(days=days)


# summaries for people and for the database


def weekly_utc_hours(
    availability: Iterable[Mapping[str, Any]], tz: str, reference: datetime
) -> list[int]:
    """Hour-of-week buckets (Monday 00:00 UTC = 0..167) the week can touch.

    Every UTC offset the zone uses in the year after ``reference`` is tried,
    so the set is a superset filter: if two users are both available at some
    instant of a horizon inside that year, that instant's hour-of-week is in
    both sets. Store it with the profile and recompute it when the profile
    is saved; DST zones reuse the same offsets every year.
    """
    weekly = weekly_minutes(availability)
    start = to_seconds(reference)
    offsets = {seg[2] for seg in offset_segments(tz, start, start + 366 * DAY_S)}
    hours: set[int] = set()
    for offset in offsets:
        for a, b in weekly:
            first = (a * 60 - offset) // 3600
            last = (b * 60 - offset - 1) // 3600
            hours.update(h % 168 for h in range(first, last + 1))
    return sorted(hours)


def local_pieces(spans: Sequence[Span], tz: str) -> list[tuple[int, int, int]]:
    """Split UTC spans into ``(local_day, start_s, end_s)`` pieces in ``tz``.

    ``local_day`` counts days since 1970-01-01 in local wall time and the
    seconds are since that local midnight (a piece may end at 86400).
    """
    if not spans:
        return []
    pieces: list[tuple[int, int, int]] = []
    for seg_start, seg_end, offset in offset_segments(tz, spans[0][0], spans[-1][1]):
        for s, e in intersect_spans(spans, [(seg_start, seg_end)]):
            lo, hi = s + offset, e + offset
            while lo < hi:
                day = lo // DAY_S
                cut = min(hi, (day + 1) * DAY_S)
                pieces.append((day, lo - day * DAY_S, cut - day * DAY_S))
                lo = cut
    return pieces


def weekday_of(local_day: int) -> int:
    """Monday = 0 weekday of a local day counted from 1970-01-01."""
    return (local_day + 3) % 7


def _hhmm(seconds: int) -> str:
    minutes = seconds // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def summarize(
    availability: Iterable[Mapping[str, Any]],
    tz: str,
    viewer_tz: str,
    reference: datetime,
) -> str:
    """Short text of a weekly availability as seen in the viewer's zone.

    The week shown is the seven local days of ``viewer_tz`` starting on the
    day of ``reference``, sorted Monday..Sunday; days with the same slots
    are grouped: ``"Mon–Fri 18:00–21:00, Sat 10:00–12:00"``.
    """
    viewer = zone(viewer_tz)
    first = reference.astimezone(viewer).date()
    start = _local_midnight(first, viewer)
    end = _local_midnight(first + timedelta(days=7), viewer)
    spans = expand_weekly(weekly_minutes(availability), tz, start, end)

    # slots per weekday of the viewer
    per_weekday: dict[int, list[Span]] = {n: [] for n in range(7)}
    first_day = (first - date(1970, 1, 1)).days
    for day, s, e in local_pieces(spans, viewer_tz):
        if first_day <= day < first_day + 7:
            per_weekday[weekday_of(day)].append((s, e))
    texts = {
        n: " & ".join(f"{_hhmm(s)}–{_hhmm(e)}" for s, e in _merge(slots))
        for n, slots in per_weekday.items()
    }

    # group runs of consecutive weekdays showing the same slots
    parts: list[str] = []
    n = 0
    while n < 7:
        m = n
        while m + 1 < 7 and texts[m + 1] == texts[n]:
            m += 1
        if texts[n]:
            days = SHORT_DAYS[n] if m == n else f"{SHORT_DAYS[n]}–{SHORT_DAYS[m]}"
            parts.append(f"{days} {texts[n]}")
        n = m + 1
    return ", ".join(parts) if parts else "No availability"


def _local_midnight(day: date, tz: ZoneInfo) -> int:
    return to_seconds(datetime(day.year, day.month, day.day, tzinfo=tz))


def to_zone(intervals: Iterable[Interval], tz: str) -> list[dict[str, Any]]:
    """Intervals as ISO 8601 strings with the offset of ``tz``."""
    info = zone(tz)
    return [
        {
            "start": iv.start.astimezone(info).isoformat(),
            "end": iv.end.astimezone(info).isoformat(),
            "minutes": iv.minutes,
        }
        for iv in intervals
    ]
