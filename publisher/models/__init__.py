"""The platform's state, one module per noun. Only ``publisher`` touches these classes."""

from .agency import Agency, AgencyLevel
from .artifact import Artifact
from .audit import AuditLog
from .base import Base, utcnow
from .compliance import AgencyScore, DatasetScore, InventoryItem
from .dataset import Dataset, DatasetVersion, VersionStatus
from .push import PushOutcome, PushRecord
from .harvest import HarvestItem, HarvestRun, ItemStatus, RunStatus, RunTrigger
from .personal import PersonalDecision
from .scheduler import SCHEDULER_JOBS
from .search import SearchDocument, SearchFacet
from .source import Source, SourceHealth
from .user import ApiToken, MemberRole, Membership, TokenScope, User

__all__ = [
    "SCHEDULER_JOBS",
    "Agency",
    "AgencyLevel",
    "AgencyScore",
    "ApiToken",
    "Artifact",
    "AuditLog",
    "Base",
    "Dataset",
    "DatasetScore",
    "DatasetVersion",
    "HarvestItem",
    "HarvestRun",
    "InventoryItem",
    "ItemStatus",
    "MemberRole",
    "Membership",
    "PersonalDecision",
    "PushOutcome",
    "PushRecord",
    "RunStatus",
    "RunTrigger",
    "SearchDocument",
    "SearchFacet",
    "Source",
    "SourceHealth",
    "TokenScope",
    "User",
    "VersionStatus",
    "utcnow",
]
