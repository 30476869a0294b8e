"""What only the PostgreSQL store has: migrations, health, pool options,
persistence across clients, closing the pool, an unreachable server. The
shared client tests run over PostgreSQL too (see conftest.client)."""

import os
import socket
import uuid

import pytest

import vividshift

URL = os.environ.get("VIVIDSHIFT_TEST_DATABASE_URL")
needs_database = pytest.mark.skipif(not URL, reason="VIVIDSHIFT_TEST_DATABASE_URL is not set")


@needs_database
def test_health_and_migrations(migrated):
    with vividshift.connect(URL, max_connections=2, min_connections=0) as client:
        client.migrate()  # again: nothing pending, no error
        health = client.health()
        assert health["store"] == "postgres"
        assert health["pending_migrations"] == []
        assert health["applied_migrations"]
        assert health["pool_max"] == 2
        assert health["latency"] >= 0
        assert health["tenancy_enforced"] is True
        assert "PostgreSQL" in health["server_version"]


def test_memory_health():
    assert vividshift.connect("memory://").health() == {"store": "memory"}


@needs_database
def test_data_outlives_the_client(migrated):
    name = "persist_" + uuid.uuid4().hex[:8]
    with vividshift.connect(URL, max_connections=2) as first:
        d = first.create_domain(name=name, display_name="Persist")
        p = d.create_participant(name="Ada")
    with vividshift.connect(URL, max_connections=2) as second:
        assert second.domain(name).participant(p.id).name == "Ada"


@needs_database
def test_closed_pool(migrated):
    client = vividshift.connect(URL, max_connections=2)
    d = client.create_domain(name="closed_" + uuid.uuid4().hex[:8], display_name="Closed")
    client.close()
    assert client.closed
    with pytest.raises(vividshift.ConfigurationError):
        d.list_participants()
    with pytest.raises(vividshift.ConfigurationError):
        client.health()


@needs_database
def test_bad_pool_options(migrated):
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect(URL, max_connections="many")
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect(URL, max_connections=1, min_connections=2)
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect(URL, ssl_mode="sometimes")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_server_is_backend_unavailable():
    url = f"postgres://nobody:secret@127.0.0.1:{free_port()}/none"
    with pytest.raises(vividshift.BackendUnavailableError) as raised:
        vividshift.connect(url, connect_timeout=1, acquire_timeout=1)
    assert raised.value.retryable is True
    assert "secret" not in str(raised.value)


def test_bad_postgres_url_is_a_configuration_error():
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect("postgres://host:notaport/db")


def test_environment_configuration(monkeypatch):
    monkeypatch.delenv("VIVIDSHIFT_DATABASE_URL", raising=False)
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect()
    monkeypatch.setenv("VIVIDSHIFT_DATABASE_URL", f"postgres://u:p@127.0.0.1:{free_port()}/x")
    monkeypatch.setenv("VIVIDSHIFT_DATABASE_CONNECT_TIMEOUT", "1")
    with pytest.raises(vividshift.BackendUnavailableError):
        vividshift.connect()
