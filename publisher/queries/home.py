"""The front page: what the platform holds, and what changed last."""

from __future__ import annotations

from sqlalchemy import func, select

from ..actor import Actor
from ..models import Agency, Dataset, DatasetVersion, VersionStatus
from ..platform import Platform
from .datasets import dataset_list
from .views import HomeView

__all__ = ["home"]


def home(platform: Platform, actor: Actor, *, latest: int = 6) -> HomeView:
    with platform.db.read() as session:
        datasets = session.scalar(
            select(func.count()).where(Dataset.current_version_id.is_not(None), Dataset.withdrawn_at.is_(None))) or 0
        agencies = session.scalar(select(func.count()).select_from(Agency)) or 0
        versions = session.scalar(select(func.count()).where(DatasetVersion.status == VersionStatus.PUBLISHED)) or 0
    return HomeView(datasets, agencies, versions, dataset_list(platform, actor, per_page=latest, facets=[]).items)
