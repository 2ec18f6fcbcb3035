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
    """A platform administrator: every right everywhere."""
    is_auditor: bool = False
    """Reads everything, drafts and harvest logs included; changes nothing."""
    roles: dict[int, str] = field(default_factory=dict)
    """Agency id → role ('editor' or 'admin') in that agency."""
    readable: frozenset[int] = frozenset()
    """Agencies whose drafts this actor may read without a role there: agencies below one of its
    own that share with their parent (a province reading its communes)."""
    can_write: bool = True
    """False for a read-only API token, and for a browser session on the API."""
    address: str | None = None
    """The client's IP address, for the audit log."""

    @classmethod
    def anonymous(cls, address: str | None = None) -> Actor:
        return cls(can_write=False, address=address)

    @classmethod
    def system(cls) -> Actor:
        """The platform itself (demo loader, scheduled jobs, the command line): every right."""
        return cls(username="system", display_name="system", is_admin=True)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.username == "system"

    def edits(self, agency_id: int) -> bool:
        """Uploads and publishes for the agency (its editors and admins, and platform admins)."""
        return self.is_admin or agency_id in self.roles

    def administers(self, agency_id: int) -> bool:
        """Manages the agency's members and sources."""
        return self.is_admin or self.roles.get(agency_id) == "admin"

    def sees_drafts_of(self, agency_id: int) -> bool:
        return self.is_admin or self.is_auditor or agency_id in self.roles or agency_id in self.readable
