import pytest

from tests.archive.cluster import running_cluster


@pytest.fixture(scope="session")
def cluster():
    """One throw-away PostgreSQL server for every archive test."""
    with running_cluster() as server:
        yield server
