import pytest
from django.test import Client

from .factories import make_agreement, make_cast


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The production hasher takes ~0.5 s per password on purpose; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded documents go to a directory of the test's own, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def agreement(db):
    return make_agreement(signed=True)


@pytest.fixture
def other_agreement(db):
    return make_agreement("Samverkansöverenskommelse Annanstad", signed=True)


@pytest.fixture
def cast(agreement, other_agreement):
    """One user per role in `agreement`, plus an official of another agreement and an administrator."""
    return make_cast(agreement, other_agreement)


@pytest.fixture
def login():
    """`login(user)` returns a client logged in as that user (None: anonymous)."""

    def _login(user) -> Client:
        client = Client()
        if user is not None:
            # force_login: axes' backend needs a request, which Client.login() does not pass.
            client.force_login(user)
        return client

    return _login
