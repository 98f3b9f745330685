"""The slice of a user profile that matching reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.availability import MASK_BYTES, local_week_mask

LEVELS: tuple[str, ...] = ("Beginner", "Intermediate", "Advanced")
UNKNOWN_LEVEL = -1


@dataclass(frozen=True, slots=True)
class Profile:
    """A user as matching sees them; ``availability`` is in ``timezone``."""

    id: str
    name: str
    skills: tuple[str, ...]
    experience_level: str | None
    timezone: str
    availability: tuple[Mapping[str, Any], ...]
    avail_mask: bytes | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Profile:
        """Build from a ``users`` document (``_id`` is the id string).

        A stored ``avail_mask`` (252 bytes, or their hex) is used as given,
        which saves recomputing it from the slots.
        """
        mask = doc.get("avail_mask")
        if isinstance(mask, str):
            mask = bytes.fromhex(mask)
        if mask is not None:
            mask = bytes(mask)
            if len(mask) != MASK_BYTES:
                raise ValueError(f"avail_mask must be {MASK_BYTES} bytes")
        return cls(
            id=str(doc["_id"]),
            name=str(doc.get("name", "")),
            skills=tuple(doc.get("skills") or ()),
            experience_level=doc.get("experience_level"),
            timezone=doc.get("timezone") or "UTC",
            availability=tuple(doc.get("availability") or ()),
            avail_mask=mask,
        )

    @property
    def level_index(self) -> int:
        """0..2 for Beginner..Advanced, ``UNKNOWN_LEVEL`` when missing."""
        try:
            return LEVELS.index(self.experience_level or "")
        except ValueError:
            return UNKNOWN_LEVEL

    def week_mask(self) -> bytes:
        """The stored local week mask, or one computed from the slots."""
        if self.avail_mask is not None:
            return self.avail_mask
        return local_week_mask(self.availability)

    def skill_keys(self) -> dict[str, str]:
        """Skills keyed by their case-folded form (first spelling wins)."""
        keys: dict[str, str] = {}
        for skill in self.skills:
            keys.setdefault(skill.casefold(), skill)
        return keys
