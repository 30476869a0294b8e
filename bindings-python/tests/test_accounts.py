"""Accounts and sessions over every store: register, login, verify, acting as
a user through memberships and roles, revoking, passwords, lockout."""

import os
import uuid

import pytest

import vividshift

AUTH = {"jwt_secret": "s" * 40, "bcrypt_cost": 4, "min_password_length": 8, "lockout_max_failures": 3}


def connect(url):
    if url.startswith("memory://"):
        return vividshift.connect(url, auth=AUTH)
    return vividshift.connect(url, auth=AUTH, max_connections=4, min_connections=0)


@pytest.fixture
def auth_client(client):
    """The store of `client`, reopened with authentication settings."""
    memory = client.health()["store"] == "memory"
    url = "memory://" if memory else os.environ["VIVIDSHIFT_TEST_DATABASE_URL"]
    with connect(url) as c:
        yield c


def new_user(client, password="correct horse"):
    name = "u" + uuid.uuid4().hex[:10]
    user = client.register_user(username=name, email=f"{name}@example.org", password=password)
    return user, password


def test_register_login_verify(auth_client):
    user, password = new_user(auth_client)
    assert isinstance(user, vividshift.User)
    assert "password_hash" not in user.to_dict()
    login = auth_client.login(user.username, password, user_agent="pytest", ip_address="127.0.0.1")
    assert isinstance(login, vividshift.Login)
    assert login.user.id == user.id and login.session.user_id == user.id
    assert login.session.user_agent == "pytest" and login.session.revoked is False
    assert login.token.count(".") == 2 and "..." in repr(login)

    verified = auth_client.verify_token(login.token)
    assert isinstance(verified, vividshift.VerifiedToken)
    assert verified.user_id == user.id
    assert verified.claims["sub"] == user.id and verified.claims["sid"] == login.session.id
    assert verified.session.id == login.session.id

    me = auth_client.with_token(login.token)
    assert me.user_id == user.id
    assert [s.id for s in me.sessions()] == [login.session.id]


def test_bad_credentials_and_tokens(auth_client):
    user, password = new_user(auth_client)
    with pytest.raises(vividshift.AuthenticationError) as raised:
        auth_client.login(user.username, "wrong password")
    assert raised.value.kind == "unauthenticated"
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.login("nobody_" + uuid.uuid4().hex[:6], password)
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.verify_token("not.a.token")
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.with_token("")


def test_lockout(auth_client):
    user, password = new_user(auth_client)
    for _ in range(AUTH["lockout_max_failures"]):
        with pytest.raises(vividshift.AuthenticationError):
            auth_client.login(user.username, "wrong password")
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.login(user.username, password)  # locked, even with the right password


def test_revoke(auth_client):
    user, password = new_user(auth_client)
    first = auth_client.login(user.username, password)
    second = auth_client.login(user.username, password)
    assert auth_client.revoke_session(first.session) is True
    assert auth_client.revoke_session(first.session.id) is False
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.verify_token(first.token)
    auth_client.verify_token(second.token)
    me = auth_client.with_token(second.token)
    assert me.revoke_all_sessions() == 1
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.verify_token(second.token)
    assert all(s.revoked for s in auth_client.sessions(user))
    assert auth_client.cleanup_expired_sessions() >= 0
    with pytest.raises(vividshift.ForbiddenError):
        me.cleanup_expired_sessions()
    with pytest.raises(vividshift.ValidationError):
        auth_client.sessions()  # the system client must name the user


def test_passwords(auth_client):
    user, password = new_user(auth_client)
    login = auth_client.login(user.username, password)
    me = auth_client.with_token(login.token)
    with pytest.raises(vividshift.AuthenticationError):
        me.change_password("not it", "a new password")
    me.change_password(password, "a new password")
    with pytest.raises(vividshift.AuthenticationError):
        auth_client.verify_token(login.token)  # changing revokes every session
    auth_client.login(user.username, "a new password")
    auth_client.reset_password(user.id, "reset password")
    auth_client.login(user.username, "reset password")
    with pytest.raises(vividshift.ForbiddenError):
        me.reset_password(user.id, "x" * 10)
    with pytest.raises(vividshift.ValidationError):
        auth_client.reset_password(user, "short")
    with pytest.raises(vividshift.ValidationError):
        auth_client.register_user(username="u" + uuid.uuid4().hex[:8], email="x@example.org", password="é" * 40)


def test_members_and_roles(auth_client):
    admin_user, password = new_user(auth_client)
    viewer_user, _ = new_user(auth_client)
    admin = auth_client.with_token(auth_client.login(admin_user.username, password).token)
    domain = admin.create_domain(name="m_" + uuid.uuid4().hex[:8], display_name="Members")
    assert domain.role == "admin"
    membership = domain.set_member(viewer_user, "viewer")
    assert isinstance(membership, vividshift.Membership) and membership.role == "viewer"
    assert {m.user_id for m in domain.members()} == {admin_user.id, viewer_user.id}

    viewer = auth_client.as_user(viewer_user.id)
    as_viewer = viewer.domain(domain.name)
    assert as_viewer.role == "viewer"
    assert as_viewer.list_participants() == []
    with pytest.raises(vividshift.ForbiddenError) as raised:
        as_viewer.create_participant(name="Ada")
    assert raised.value.kind == "forbidden"
    assert [d.name for d in viewer.list_domains()] == [domain.name]

    domain.set_member(viewer_user.id, "admin")
    as_viewer.refresh()
    assert as_viewer.role == "admin"
    domain.remove_member(viewer_user.id)
    with pytest.raises(vividshift.ForbiddenError):
        viewer.domain(domain.name)


def test_auth_settings():
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect("memory://", auth={"jwt_secrte": "x" * 40})
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect("memory://", auth={"jwt_secret": "too short"})
    with pytest.raises(vividshift.ConfigurationError):
        vividshift.connect("memory://", auth={"bcrypt_cost": "many"})
    with pytest.raises(vividshift.ConfigurationError):  # a broken key fails at connect
        vividshift.connect("memory://", auth={"jwt_algorithm": "RS256", "jwt_public_key": "not a pem"})
    no_keys = vividshift.connect("memory://", auth={"bcrypt_cost": 4, "min_password_length": 8})
    no_keys.register_user(username="ada", email="ada@example.org", password="correct horse")
    with pytest.raises(vividshift.ConfigurationError):
        no_keys.login("ada", "correct horse")  # no signing secret configured
