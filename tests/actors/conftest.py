"""Fixtures of the public-site tests."""

from tests.public_content import site  # noqa: F401
