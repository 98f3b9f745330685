"""Vectorised ranking over many candidates, equal to ``matching.ranking.rank``.

A user's local week is a 2016-bit mask (7 days x 288 five-minute slots,
Monday 00:00 local = bit 0) that does not depend on their zone. For the
viewer and one candidate zone Z, every 5-minute UTC slot of the horizon maps
to one slot of Z's local week; ``count[k]`` is how many horizon slots map to
weekly slot ``k`` while the viewer is available (a fall-back hour can add a
third). A candidate's shared time in 5-minute units is then
``sum_k count[k] * bit[k] = sum_j popcount(bits & (count >= j))``, computed
for every candidate of the zone at once on an (N, 32) uint64 array.

Each score part is looked up from tables filled by the same scalar functions
the simple path uses, and the parts are added in the same order, so the
scores are bit-for-bit those of ``rank``. Only the returned top ``limit``
get intervals and reasons, through the simple path.

If a zone's offsets or transitions in the horizon are not on the 5-minute
grid (no zone in current tzdata, but older rules have such offsets), its
candidates are measured exactly by the simple path instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from matching.availability import (
    GRID_MINUTES,
    MASK_BYTES,
    MONDAY_EPOCH_S,
    WEEK_SLOTS,
    Span,
    expand_weekly,
    intersect_spans,
    offset_segments,
    weekly_minutes,
    zone,
)
from matching.profiles import LEVELS, UNKNOWN_LEVEL, Profile
from matching.ranking import Match, build_match, horizon_spans
from matching.scoring import (
    availability_fit,
    check_mode,
    experience_fit,
    skills_fit,
    weighted,
)

_GRID_S = GRID_MINUTES * 60
_WORDS = 32  # 2016 bits padded to 2048 = 32 uint64 words
_ROW_BLOCK = 8192  # rows per popcount pass, to stay in cache

IntArray = npt.NDArray[np.int64]


class CandidateTable:
    """Candidates packed for ranking; build once per request or cache it.

    Rows are grouped by time zone so that each zone is one slice.
    """

    def __init__(
        self,
        profiles: list[Profile],
        masks: npt.NDArray[np.uint64],
        levels: npt.NDArray[np.int8],
        zones: list[tuple[str, int, int]],
        vocab: dict[str, int],
        skill_ids: IntArray,
        skill_rows: IntArray,
        skill_counts: IntArray,
    ) -> None:
        self.profiles = profiles
        self.masks = masks
        self.levels = levels
        self.zones = zones
        self.vocab = vocab
        self.skill_ids = skill_ids
        self.skill_rows = skill_rows
        self.skill_counts = skill_counts
        self.row_of = {p.id: row for row, p in enumerate(profiles)}
        if len(self.row_of) != len(profiles):
            raise ValueError("candidate ids must be unique")

    def __len__(self) -> int:
        return len(self.profiles)

    @classmethod
    def from_docs(cls, docs: Iterable[Mapping[str, Any]]) -> CandidateTable:
        return cls.from_profiles([Profile.from_doc(doc) for doc in docs])

    @classmethod
    def from_profiles(cls, profiles: Sequence[Profile]) -> CandidateTable:
        # group rows by zone, checking each zone name once
        by_zone: dict[str, list[Profile]] = {}
        for profile in profiles:
            by_zone.setdefault(profile.timezone, []).append(profile)
        ordered: list[Profile] = []
        zones: list[tuple[str, int, int]] = []
        for name in sorted(by_zone):
            zone(name)
            zones.append((name, len(ordered), len(ordered) + len(by_zone[name])))
            ordered.extend(by_zone[name])
        n = len(ordered)

        # week masks as (n, 32) little-endian words
        raw = np.zeros((n, _WORDS * 8), dtype=np.uint8)
        if n:
            joined = b"".join([p.week_mask() for p in ordered])
            raw[:, :MASK_BYTES] = np.frombuffer(joined, np.uint8).reshape(n, -1)
        masks = raw.view("<u8")

        # skills as (row, vocabulary id) pairs, one per case-folded skill
        flat = [skill for p in ordered for skill in p.skills]
        vocab: dict[str, int] = {}
        lookup = {
            raw: vocab.setdefault(raw.casefold(), len(vocab)) for raw in set(flat)
        }
        per_row = np.array([len(p.skills) for p in ordered], dtype=np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), per_row)
        codes = np.array([lookup[raw] for raw in flat], dtype=np.int64)
        pairs = np.unique(rows * (len(vocab) + 1) + codes)
        skill_rows, skill_ids = np.divmod(pairs, len(vocab) + 1)
        skill_counts = np.bincount(skill_rows, minlength=n).astype(np.int64)

        level_of = {name: n for n, name in enumerate(LEVELS)}
        levels = np.array(
            [level_of.get(p.experience_level or "", UNKNOWN_LEVEL) for p in ordered],
            dtype=np.int8,
        )
        return cls(
            ordered,
            masks,
            levels,
            zones,
            vocab,
            skill_ids,
            skill_rows,
            skill_counts,
        )


def rank_table(
    me: Profile,
    table: CandidateTable,
    now: datetime,
    mode: str = "similar",
    skill: str | None = None,
    limit: int = 20,
    excluded_ids: frozenset[str] = frozenset(),
    horizon_days: int = 14,
) -> list[Match]:
    """Same result as ``rank(me, table.profiles, ...)``, vectorised."""
    check_mode(mode)
    if limit < 0:
        raise ValueError("limit must not be negative")
    n = len(table)
    if n == 0 or limit == 0:
        return []
    start, end, mine = horizon_spans(me, now, horizon_days)

    # shared minutes and the hard filters
    minutes = _shared_minutes(me, mine, table, start, end)
    valid = minutes > 0
    for user_id in (me.id, *excluded_ids):
        row = table.row_of.get(user_id)
        if row is not None:
            valid[row] = False

    scores = _scores(me, table, minutes, mode, skill, horizon_days)
    rows = np.flatnonzero(valid)
    if len(rows) > limit:
        cut = len(rows) - limit
        kth = np.partition(scores[rows], cut)[cut]
        rows = rows[scores[rows] >= kth]
    chosen = sorted(
        rows.tolist(), key=lambda r: (-float(scores[r]), table.profiles[r].id)
    )[:limit]

    # intervals and reasons for the chosen few, through the exact path
    matches: list[Match] = []
    for row in chosen:
        peer = table.profiles[row]
        theirs = expand_weekly(
            weekly_minutes(peer.availability), peer.timezone, start, end
        )
        overlap = intersect_spans(mine, theirs)
        matches.append(build_match(me, peer, overlap, mode, skill))
    return matches


def _offsets(tz: str, slots: IntArray, start: int, end: int) -> IntArray | None:
    """Offset of each slot start, or None when ``tz`` is off the grid."""
    segments = offset_segments(tz, start, end)
    for seg_start, _, offset in segments:
        if seg_start % _GRID_S or offset % _GRID_S:
            return None
    starts = np.array([seg[0] for seg in segments], dtype=np.int64)
    values = np.array([seg[2] for seg in segments], dtype=np.int64)
    return values[np.searchsorted(starts, slots, side="right") - 1]


def _week_slot(slots: IntArray, offsets: IntArray) -> IntArray:
    return ((slots + offsets - MONDAY_EPOCH_S) // _GRID_S) % WEEK_SLOTS


def _pack(bits: npt.NDArray[np.bool_]) -> npt.NDArray[np.uint64]:
    packed = np.zeros(_WORDS * 8, dtype=np.uint8)
    packed[:MASK_BYTES] = np.packbits(bits, bitorder="little")
    return packed.view("<u8")


def _exact_minutes(mine: Sequence[Span], peer: Profile, start: int, end: int) -> int:
    theirs = expand_weekly(weekly_minutes(peer.availability), peer.timezone, start, end)
    return sum(e - s for s, e in intersect_spans(mine, theirs)) // 60


def _shared_minutes(
    me: Profile, mine: Sequence[Span], table: CandidateTable, start: int, end: int
) -> IntArray:
    minutes = np.zeros(len(table), dtype=np.int64)
    slots = np.arange(start, end, _GRID_S, dtype=np.int64)
    my_offsets = _offsets(me.timezone, slots, start, end)

    # the viewer's availability on each UTC slot of the horizon
    my_bits = np.unpackbits(
        np.frombuffer(me.week_mask(), np.uint8), bitorder="little"
    ).astype(bool)
    mine_on = my_bits[_week_slot(slots, my_offsets)] if my_offsets is not None else None

    for name, lo, hi in table.zones:
        offsets = _offsets(name, slots, start, end)
        if offsets is None or mine_on is None:
            for row in range(lo, hi):
                minutes[row] = _exact_minutes(mine, table.profiles[row], start, end)
            continue

        # popcount against one mask per repetition level
        counts = np.bincount(_week_slot(slots, offsets)[mine_on], minlength=WEEK_SLOTS)
        levels = [_pack(counts >= j) for j in range(1, int(counts.max(initial=0)) + 1)]
        units = minutes[lo:hi]
        for block_lo in range(lo, hi, _ROW_BLOCK):
            block = table.masks[block_lo : min(hi, block_lo + _ROW_BLOCK)]
            part = units[block_lo - lo : block_lo - lo + len(block)]
            for level in levels:
                part += np.bitwise_count(block & level).sum(axis=1, dtype=np.int64)
        units *= GRID_MINUTES
    return minutes


def _scores(
    me: Profile,
    table: CandidateTable,
    minutes: IntArray,
    mode: str,
    skill: str | None,
    horizon_days: int,
) -> npt.NDArray[np.float64]:
    n = len(table)

    # skills: shared and union counts, then the part per distinct combination
    mine = {s.casefold() for s in me.skills}
    is_mine = np.zeros(len(table.vocab) + 1, dtype=bool)
    is_mine[[table.vocab[k] for k in mine if k in table.vocab]] = True
    shared = np.bincount(table.skill_rows[is_mine[table.skill_ids]], minlength=n)
    union = len(mine) + table.skill_counts - shared
    wanted = skill.casefold() if skill else None
    has = np.zeros(n, dtype=np.int64)
    if wanted is not None and wanted in table.vocab:
        hit = table.skill_ids == table.vocab[wanted]
        has = np.bincount(table.skill_rows[hit], minlength=n)
    stride, shares = int(union.max(initial=0)) + 1, len(mine) + 1
    key = (has * shares + shared) * stride + union
    keys, inverse = np.unique(key, return_inverse=True)
    skill_parts = np.array(
        [
            weighted(
                "skills",
                skills_fit(
                    k // stride % shares,
                    k % stride,
                    None if wanted is None else k // stride // shares > 0,
                ),
            )
            for k in keys.tolist()
        ],
        dtype=np.float64,
    )[inverse]

    # experience: one part per peer level (index 3 stands for unknown)
    level_parts = np.array(
        [
            weighted("experience", experience_fit(me.level_index, level, mode))
            for level in (0, 1, 2, UNKNOWN_LEVEL)
        ],
        dtype=np.float64,
    )
    experience = level_parts[np.where(table.levels < 0, 3, table.levels)]

    availability = _availability_parts(horizon_days * 1440)[minutes]
    # added in the order of scoring.total, so each sum is the same float
    return skill_parts + experience + availability


@lru_cache(maxsize=8)
def _availability_parts(max_minutes: int) -> npt.NDArray[np.float64]:
    parts = np.array(
        [weighted("availability", availability_fit(m)) for m in range(max_minutes + 1)],
        dtype=np.float64,
    )
    parts.flags.writeable = False
    return parts
