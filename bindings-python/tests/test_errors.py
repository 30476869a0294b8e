"""The exception hierarchy: one class per core error kind, raised with its
details, and every kind of core error mapped (ending in the base class)."""

import uuid

import pytest

import vividshift
from vividshift import _vividshift

CLASSES = {
    "validation": vividshift.ValidationError,
    "not_found": vividshift.NotFoundError,
    "conflict": vividshift.ConflictError,
    "forbidden": vividshift.ForbiddenError,
    "unauthenticated": vividshift.AuthenticationError,
    "tenancy": vividshift.TenancyError,
    "backend_unavailable": vividshift.BackendUnavailableError,
    "configuration": vividshift.ConfigurationError,
    "internal": vividshift.InternalError,
}


def test_hierarchy():
    assert issubclass(vividshift.VividshiftError, Exception)
    for cls in CLASSES.values():
        assert issubclass(cls, vividshift.VividshiftError)
        assert cls.__module__ == "vividshift"
    assert len(set(CLASSES.values())) == len(CLASSES)


@pytest.mark.parametrize("kind", sorted(CLASSES))
def test_every_kind_maps_to_its_class(kind):
    error = _vividshift._error_for_kind(kind, "boom")
    assert type(error) is CLASSES[kind]
    assert error.kind == kind
    assert error.retryable is (kind == "backend_unavailable")
    assert "boom" in str(error)


def test_kind_details():
    v = _vividshift._error_for_kind("validation", "is required")
    assert v.violations == [{"path": "name", "rule": "required", "message": "is required"}]
    nf = _vividshift._error_for_kind("not_found", "k1")
    assert (nf.resource, nf.key) == ("participant", "k1")
    c = _vividshift._error_for_kind("conflict", "taken")
    assert c.field == "name"


def test_errors_are_raised_and_caught_as_the_base():
    client = vividshift.connect("memory://")
    with pytest.raises(vividshift.VividshiftError):
        client.domain("nope")
    try:
        client.domain("nope")
    except vividshift.NotFoundError as e:
        assert e.kind == "not_found" and e.resource == "domain" and e.key == "nope"


def test_conflict_on_domain_name():
    client = vividshift.connect("memory://")
    client.create_domain(name="x", display_name="X")
    with pytest.raises(vividshift.ConflictError) as raised:
        client.create_domain(name="x", display_name="X again")
    assert raised.value.kind == "conflict" and raised.value.field


def test_forbidden_for_non_members():
    client = vividshift.connect("memory://")
    client.create_domain(name="x", display_name="X")
    with pytest.raises(vividshift.ForbiddenError) as raised:
        client.as_user(uuid.uuid4()).domain("x")
    assert raised.value.kind == "forbidden"


@pytest.mark.parametrize(
    "url",
    ["mysql://localhost/db", "", "memory", "file:///tmp/x"],
)
def test_unsupported_urls(url):
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect(url)


def test_url_passwords_are_not_echoed():
    with pytest.raises(vividshift.ConfigurationError) as raised:
        vividshift.connect("mysql://me:secret@localhost/db")
    assert "secret" not in str(raised.value)


def test_unknown_pool_option():
    with pytest.raises(vividshift.ConfigurationError) as raised:
        vividshift.connect("memory://", max_conections=3)
    assert "max_conections" in str(raised.value)
    vividshift.connect("memory://", max_connections=3)  # known options are fine


def test_exceptions_pickle_their_message():
    import pickle

    e = _vividshift._error_for_kind("forbidden", "no")
    again = pickle.loads(pickle.dumps(e))
    assert type(again) is vividshift.ForbiddenError and str(again) == str(e)
