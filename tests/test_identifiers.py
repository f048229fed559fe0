"""Keys in pages are written plainly at any size: an id, a link's fragment or an htmx target with a thousands
separator in it ("activity-1 014") points at nothing. Numbers are grouped only where a page asks for it."""

import re

from django.urls import reverse

from agreements.models import GoalArea
from meetings.models import AgendaItem
from tests.factories import make_activity, make_agreement, make_body, make_meeting

BIG = 123456
KEYED = r"(?:id|href|action|for|hx-\w+|aria-\w+|value)"
GROUPED_IN_AN_ATTRIBUTE = re.compile(KEYED + r'="[^"]*\d[\xa0 ,]\d{3}[^"]*"')


def test_ids_and_links_of_large_keys_are_not_grouped(cast, login):
    agreement = make_agreement("Stor överenskommelse", pk=BIG, is_published=True)
    GoalArea.objects.filter(agreement=agreement).update(id=BIG + 1)
    activity = make_activity(agreement, "Trygghetsvandring", pk=BIG + 2, public_description="Vi går.")
    meeting = make_meeting(make_body(agreement, pk=BIG + 3), pk=BIG + 4)
    AgendaItem.objects.create(pk=BIG + 5, meeting=meeting, position=1, title="Lägesbild")
    client = login(cast["admin"])
    pages = {
        "board": reverse("activities:board", args=[agreement.pk]),
        "matrix": reverse("activities:matrix", args=[agreement.pk]),
        "public": reverse("public:agreement", args=[agreement.pk]),
        "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        "structure": reverse("meetings:structure", args=[agreement.pk]),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert not GROUPED_IN_AN_ATTRIBUTE.findall(html), name
    public = client.get(pages["public"]).content.decode()
    assert f'href="#activity-{activity.pk}"' in public
    assert f'id="activity-{activity.pk}"' in public
    assert f'id="item-{BIG + 5}"' in client.get(pages["meeting"]).content.decode()
