"""What the fast engine declines, so that frictionless answers instead of a different answer.

Any module of the engine raises ``Unsupported(feature)`` as soon as it meets something whose
frictionless semantics it does not reproduce exactly; ``validate_csv`` then runs frictionless
itself and says so in the report.
"""

from __future__ import annotations

__all__ = ["Unsupported"]


class Unsupported(Exception):
    """The fast engine cannot promise frictionless's answer for ``feature``."""

    def __init__(self, feature: str) -> None:
        super().__init__(feature)
        self.feature = feature
