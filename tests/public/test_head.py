"""What the public pages put in <head>: a description for search engines and link previews, and no htmx (they
use none, so the browser need not fetch and run it)."""

import re

import pytest
from django.urls import reverse

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')
HTMX = "django_htmx/htmx"


@pytest.fixture
def published(agreement):
    agreement.is_published = True
    agreement.save()
    return agreement


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_public_page_has_a_description_and_no_htmx(client, published, language):
    client.cookies["django_language"] = language
    urls = [reverse("public:index"), reverse("public:agreement", args=[published.pk]), reverse("public:accessibility")]
    for url in urls:
        page = client.get(url).content.decode()
        assert len(DESCRIPTION.findall(page)) == 1, url
        assert HTMX not in page, url
    agreement_page = client.get(reverse("public:agreement", args=[published.pk])).content.decode()
    assert published.title in DESCRIPTION.search(agreement_page).group(1)


def test_the_login_page_loads_no_htmx(client, db):
    assert HTMX not in client.get(reverse("login")).content.decode()


@pytest.mark.parametrize("name", ["activities:matrix", "activities:board"])
def test_the_plan_pages_load_htmx(cast, login, agreement, name):
    response = login(cast["official"]).get(reverse(name, args=[agreement.pk]))
    assert response.status_code == 200
    assert HTMX in response.content.decode()
