"""Shared fixtures: the workspace's JSON fixtures and clients over every store.

The ``client`` fixture runs each test over ``memory://`` and, when
``VIVIDSHIFT_TEST_DATABASE_URL`` names a throwaway PostgreSQL database (as
``scripts/test.sh`` sets it), over ``postgres://`` too.
"""

import json
import os
import pathlib
import uuid

import pytest

import vividshift

WORKSPACE = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = WORKSPACE / "tests" / "fixtures"


def load_fixture(*parts):
    """Reads one JSON file under tests/fixtures/."""
    with open(FIXTURES.joinpath(*parts), encoding="utf-8") as f:
        return json.load(f)


def store_urls():
    """The stores to run client tests against."""
    urls = [pytest.param("memory://", id="memory")]
    database = os.environ.get("VIVIDSHIFT_TEST_DATABASE_URL")
    if database:
        urls.append(pytest.param(database, id="postgres"))
    return urls


def connect(url):
    """A client with a small pool (PostgreSQL) over `url`."""
    if url.startswith("memory://"):
        return vividshift.connect(url)
    return vividshift.connect(url, max_connections=4, min_connections=0)


@pytest.fixture(scope="session")
def migrated():
    """Applies the migrations to the test database once per run."""
    url = os.environ.get("VIVIDSHIFT_TEST_DATABASE_URL")
    if url:
        with connect(url) as c:
            c.migrate()
    return url


@pytest.fixture(params=store_urls())
def client(request, migrated):
    """A client over each store, closed after the test."""
    with connect(request.param) as c:
        yield c


@pytest.fixture
def domain(client):
    """A fresh domain (unique name, so PostgreSQL runs do not collide)."""
    name = "d_" + uuid.uuid4().hex[:12]
    return client.create_domain(name=name, display_name="Test domain")
