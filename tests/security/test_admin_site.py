"""Django's admin (skipped by the authorization matrix) lets in staff only; everyone else meets its login."""

import pytest
from django.contrib.auth.models import User

ROLES = ["official", "outsider", "reader", "strategic", "operative", "admin"]
ADMIN_PATHS = ["/admin/", "/admin/agreements/agreement/", "/admin/auth/user/"]


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_non_staff_users_are_sent_to_the_admin_login(cast, login, path):
    for role in [None, *ROLES]:
        response = login(cast[role] if role else None).get(path)
        assert response.status_code == 302, (role, path)
        # Anonymous users below /admin/ meet the portal's login (LoginRequiredMiddleware) first; both are fine.
        assert response.url.startswith(("/admin/login/", "/logga-in/")), (role, path)


@pytest.mark.parametrize("path", ADMIN_PATHS)
def test_staff_superuser_gets_the_admin(db, login, path):
    superuser = User.objects.create_superuser("root", password="x-long-password-1")
    assert login(superuser).get(path).status_code == 200


def test_admin_login_is_throttled_like_the_portal_login(cast, client):
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    assert response.status_code == 429
