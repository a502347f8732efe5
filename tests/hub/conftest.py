"""A throwaway PostgreSQL server for the hub's tests, and a fresh database on it for each test.

There is no skip when PostgreSQL is missing: CI installs it, so a missing server fails loudly.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from visitdesk.hub.pgtemp import ThrowawayPostgres


@pytest.fixture(scope="session")
def postgres() -> Iterator[ThrowawayPostgres]:
    with ThrowawayPostgres() as server:
        yield server


@pytest.fixture
def hub_database_url(postgres: ThrowawayPostgres) -> Iterator[str]:
    """The SQLAlchemy URL of an empty database of this test's own, dropped afterwards."""
    name = f"hub_{secrets.token_hex(6)}"
    postgres.create_database(name)
    try:
        yield postgres.url_for(name)
    finally:
        postgres.drop_database(name)
