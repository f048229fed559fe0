from django.urls import reverse

STATEMENT = reverse("public:accessibility")


def test_statement_is_open_without_login_and_in_swedish_by_default(client, db):
    response = client.get(STATEMENT)
    assert response.status_code == 200
    assert "Tillgänglighet för Samverkan" in response.text
    assert "Rapportera brister" in response.text


def test_statement_follows_the_language_chosen_in_the_footer(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": STATEMENT})
    response = client.get(STATEMENT)
    assert "Accessibility of Samverkan" in response.text


def test_every_page_links_the_statement_from_its_footer(client, db):
    login_page = client.get(reverse("login"))
    assert f'href="{STATEMENT}"' in login_page.text.split('<footer class="site-footer">')[1]
    assert "Tillgänglighetsredogörelse" in login_page.text
