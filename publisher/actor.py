"""Who is acting: a plain value handed explicitly to every use case (never a context dict)."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Actor"]


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    username: str = "anonymous"
    display_name: str = ""
    is_admin: bool = False
    is_auditor: bool = False
    roles: dict[int, str] = field(default_factory=dict)
    """Agency id → role ('editor' or 'admin') in that agency."""
    can_write: bool = True
    """False for a read-only API token."""
    address: str | None = None
    """The client's IP address, for the audit log."""

    @classmethod
    def anonymous(cls, address: str | None = None) -> Actor:
        return cls(can_write=False, address=address)

    @classmethod
    def system(cls) -> Actor:
        """The platform itself (demo loader, scheduled jobs): every right, recorded as 'system'."""
        return cls(username="system", display_name="system", is_admin=True)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.username == "system"

    def edits(self, agency_id: int) -> bool:
        return self.is_admin or agency_id in self.roles

    def sees_drafts_of(self, agency_id: int) -> bool:
        return self.is_admin or self.is_auditor or agency_id in self.roles
