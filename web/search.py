"""The search parameters of /datasets and its JSON twin /api/v1/datasets, read the same way for both.

    ?q=ho+so&agency=tinh-bac-ninh&tag=đất+đai&tag=hộ+tịch&sort=title&page=2&per_page=50

A facet parameter may repeat (its values are alternatives); different facets narrow each other.
"""

from __future__ import annotations

from typing import Any

from flask import request

from publisher.search import facet_names

__all__ = ["arguments", "link_arguments", "toggled"]


DEFAULT_PER_PAGE = 20


def arguments(default_per_page: int = DEFAULT_PER_PAGE) -> dict[str, Any]:
    """The query's keyword arguments for ``publisher.queries.datasets.dataset_list``."""
    filters = {name: [value for value in request.args.getlist(name) if value.strip()] for name in facet_names()}
    return {
        "q": request.args.get("q", "").strip(),
        "filters": {name: values for name, values in filters.items() if values},
        "sort": request.args.get("sort") or "relevance",
        "page": request.args.get("page", 1, type=int) or 1,
        "per_page": request.args.get("per_page", default_per_page, type=int) or default_per_page,
    }


def link_arguments(q: str, filters: dict[str, list[str]], sort: str, *, per_page: int = DEFAULT_PER_PAGE,
                   **extra: Any) -> dict[str, Any]:
    """``url_for`` arguments that keep a search as it is (defaults left out of the address)."""
    return {"q": q or None, **filters, "sort": sort if sort != "relevance" else None,
            "per_page": per_page if per_page != DEFAULT_PER_PAGE else None, **extra}


def toggled(filters: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    """The filters with ``value`` of facet ``name`` added, or removed when it is there."""
    values = list(filters.get(name, []))
    values = [item for item in values if item != value] if value in values else [*values, value]
    return {**filters, name: values}
