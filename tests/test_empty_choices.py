"""The empty choice of a select reads "Alla" (a filter) or "Välj …" (a form), never Django's "---------".

The pages with selects, each shown as the administrator (who may open all of them): the forms and filters of the
agreement and activity pages. Every select is drawn by templates/django/forms/widgets/select.html.
"""

import pytest
from django.urls import reverse

from tests.factories import make_activity, make_agreement

DASHES = "---------"


@pytest.fixture
def pages(cast, agreement, other_agreement):
    draft = make_agreement("Samverkansöverenskommelse Utkast")
    activity = make_activity(agreement)
    return [
        reverse("agreements:create"),
        reverse("agreements:edit", args=[draft.pk]),
        reverse("agreements:sign", args=[draft.pk]),
        reverse("agreements:amend", args=[agreement.pk]),
        reverse("activities:matrix", args=[agreement.pk]),
        reverse("activities:board", args=[agreement.pk]),
        reverse("activities:edit", args=[activity.pk]),
        reverse("activities:status", args=[activity.pk]),
    ]


def test_no_select_offers_dashes(cast, login, pages):
    client = login(cast["admin"])
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<select" in page, url
        assert DASHES not in page, url


def test_an_empty_form_choice_asks_to_choose(cast, login, pages):
    page = login(cast["admin"]).get(reverse("agreements:create")).content.decode()
    assert '<option value="" selected>Välj …</option>' in page
