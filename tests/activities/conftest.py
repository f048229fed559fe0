import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast creates six users per test; the real hasher costs about a second each on a shared machine.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
