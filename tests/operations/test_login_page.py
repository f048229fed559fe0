from django.urls import reverse

from agreements.demo.loader import load_demo_accounts
from tests.factories import make_user


def _login_page(client) -> str:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    return response.content.decode()


def test_demo_site_names_its_accounts_and_password(client, agreement):
    load_demo_accounts(agreement)
    page = _login_page(client)
    assert "Demokonton" in page
    for username in ["admin", "ledning", "handlaggare"]:
        assert f"<code>{username}</code>" in page
    assert "<code>samverkan</code>" in page


def test_site_without_demo_data_names_no_account(client, agreement):
    # Real users, even with the demo usernames, are not demo accounts: only the loader's group marks them.
    make_user("admin", admin=True)
    make_user("ledning")
    page = _login_page(client)
    assert "Demokonton" not in page
    assert "samverkan</code>" not in page
