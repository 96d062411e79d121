"""The poll tests share the end-to-end server fixture (a real ``townsquare serve`` process)."""

from tests.e2e.conftest import live_server  # noqa: F401
