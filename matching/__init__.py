"""Pure matching logic: availability in time zones, overlap, scoring, ranking.

Nothing here does I/O; every function takes "now" from its caller.
"""

from matching.availability import (
    AvailabilityError,
    Interval,
    expand,
    horizon,
    intersect,
    local_week_mask,
    parse_slot,
    summarize,
    to_zone,
    total_minutes,
    validate_availability,
    weekly_utc_hours,
)
from matching.profiles import LEVELS, Profile
from matching.ranking import Match, Overlap, best_start_times, rank
from matching.scoring import WEIGHTS, Score, score
from matching.table import CandidateTable, rank_table

__all__ = [
    "LEVELS",
    "WEIGHTS",
    "AvailabilityError",
    "CandidateTable",
    "Interval",
    "Match",
    "Overlap",
    "Profile",
    "Score",
    "best_start_times",
    "expand",
    "horizon",
    "intersect",
    "local_week_mask",
    "parse_slot",
    "rank",
    "rank_table",
    "score",
    "summarize",
    "to_zone",
    "total_minutes",
    "validate_availability",
    "weekly_utc_hours",
]
