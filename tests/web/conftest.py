"""Web tests reuse the harvester tests' loopback file server for sources."""

from ..harvesters.conftest import served  # noqa: F401 - a fixture
