"""Field types shared by request models."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, StringConstraints

from matching.availability import AvailabilityError, validate_availability
from realtime.errors import ValidationFailed

Level = Literal["Beginner", "Intermediate", "Advanced"]
LEVELS: tuple[str, ...] = ("Beginner", "Intermediate", "Advanced")

MAX_SKILLS = 20
MAX_SKILL_LENGTH = 40

ObjectIdStr = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)
]
Bio = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


@lru_cache(maxsize=1)
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def _check_zone(value: str) -> str:
    if value not in known_zones():
        raise ValueError(f"'{value}' is not an IANA time zone name")
    return value


def _clean_skills(values: list[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for value in values:
        skill = re.sub(r"\s+", " ", value).strip()
        if not skill:
            raise ValueError("skills may not be empty")
        if len(skill) > MAX_SKILL_LENGTH:
            raise ValueError(f"a skill is at most {MAX_SKILL_LENGTH} characters")
        if skill.lower() not in seen:
            seen.add(skill.lower())
            cleaned.append(skill)
    return cleaned


def check_availability(value: Any) -> list[dict[str, Any]]:
    """Normalised availability, or a ValidationFailed naming the bad field."""
    try:
        return validate_availability(value)
    except AvailabilityError as exc:
        field = ".".join(str(part) for part in exc.loc)
        raise ValidationFailed(
            "Request body is invalid.",
            details=[{"field": field, "message": exc.message}],
        ) from None


TimeZone = Annotated[str, AfterValidator(_check_zone)]
Skills = Annotated[
    list[str], Field(max_length=MAX_SKILLS), AfterValidator(_clean_skills)
]
# Checked in depth by check_availability() after the model, so that errors
# name the exact slot.
Availability = list[Any]
