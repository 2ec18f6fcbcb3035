"""The platform's state, one module per noun. Only ``publisher`` touches these classes."""

from .agency import Agency, AgencyLevel
from .artifact import Artifact
from .audit import AuditLog
from .base import Base, utcnow
from .dataset import Dataset, DatasetVersion, VersionStatus
from .user import ApiToken, MemberRole, Membership, TokenScope, User

__all__ = [
    "Agency",
    "AgencyLevel",
    "ApiToken",
    "Artifact",
    "AuditLog",
    "Base",
    "Dataset",
    "DatasetVersion",
    "MemberRole",
    "Membership",
    "TokenScope",
    "User",
    "VersionStatus",
    "utcnow",
]
