"""The public pages show published agreements to anyone, and never a person's name or an internal note."""

import re

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from activities.models import Activity, Level, Person, Responsibility, StatusChange
from agreements.models import Agreement, Appendix, Signatory
from tests.factories import make_activity, make_agreement, make_statuses


def people_names() -> set[str]:
    names = set(Person.objects.values_list("name", flat=True)) | set(Signatory.objects.values_list("name", flat=True))
    names |= {user.get_full_name() for user in User.objects.all()}
    return {name.strip() for name in names if name.strip()}


def name_patterns(names: set[str]) -> list[re.Pattern]:
    """The whole name and each of its parts (first names, surnames) as a word of its own."""
    parts = {part for name in names for part in re.split(r"[\s/]+", name) if len(part) >= 3}
    return [re.compile(rf"(?<!\w){re.escape(text)}(?!\w)") for text in names | parts]


def add_internal_details(agreement: Agreement) -> None:
    """What an agreement's plan holds that must stay internal: people, working groups, comments, questions."""
    statuses = make_statuses(agreement)
    # The demo plan may already name her (the 2023 sheet does).
    person = Person.objects.get_or_create(
        agreement=agreement, name="Ann-Margret Bäcklin", defaults={"organisation": "Västerås stad"}
    )[0]
    activity = make_activity(
        agreement,
        "Feriepraktik för unga",
        public_description="Sommarjobb för unga i de västra stadsdelarna.",
        working_group="Arbetsgrupp: Björn Grönlund, Mimer",
        handled_by_text="Åsa Lindqvist/Björn Grönlund/Ann-Margret Bäcklin",
        open_questions="INTERN FRÅGA: behöver vi omvärldsspana?",
        background="INTERN LÄGESBILD",
    )
    Responsibility.objects.create(activity=activity, person=person, level=Level.WORKING_GROUP)
    Activity.objects.create(
        agreement=agreement, parent=activity, name="Delaktivitet Bäckby", status=statuses["ongoing"]
    )
    StatusChange.objects.create(
        activity=activity, from_status=None, to_status=statuses["ongoing"], comment="INTERN KOMMENTAR från Åsa"
    )


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    for agreement in Agreement.objects.all():
        add_internal_details(agreement)
        agreement.is_published = True
        agreement.save()
    return Agreement.objects.all()


SIGNATURE_BLOCK = re.compile(r'<section class="signatures".*?</section>', re.S)


def without_signature_block(page: str) -> str:
    """A signed agreement's signatories are named on its published document, in its signature block only."""
    return SIGNATURE_BLOCK.sub("", page)


def public_pages(client, agreements) -> dict[str, str]:
    pages = {reverse("public:index"): ""}
    pages |= {reverse("public:agreement", args=[agreement.pk]): "" for agreement in agreements}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_no_name_of_a_person_appears_on_any_public_page(demo, client):
    names = people_names()
    assert "Ann-Margret Bäcklin" in names and len(names) > 5  # the demo's signatories are in
    leaks = [
        f"{url}: {pattern.pattern}"
        for url, page in public_pages(client, demo).items()
        for pattern in name_patterns(names)
        if pattern.search(without_signature_block(page))
    ]
    assert not leaks, "Names on public pages:\n" + "\n".join(leaks)


def test_the_signature_block_names_the_signatories_and_no_one_else(demo, client):
    agreement = demo.get(valid_from__year=2023)
    page = client.get(reverse("public:agreement", args=[agreement.pk])).content.decode()
    [block] = SIGNATURE_BLOCK.findall(page)
    signatories = set(agreement.signatories.values_list("name", flat=True))
    assert len(signatories) == 8 and all(name in block for name in signatories)
    # Anyone else: people in the plan, users (a user named "Åsa" is in "Åsa Lundkvist", so whole names only).
    all_signatories = set(Signatory.objects.values_list("name", flat=True))
    others = {name for name in people_names() if not any(name in signatory for signatory in all_signatories)}
    assert len(others) > 3
    assert not [name for name in others if name in block]


def test_no_internal_note_appears_on_any_public_page(demo, client):
    for url, page in public_pages(client, demo).items():
        assert "INTERN" not in page, url
        assert "Arbetsgrupp" not in page, url


def test_public_page_shows_text_goal_areas_matrix_and_statuses(demo, client):
    agreement = demo.get(valid_from__year=2023)
    page = client.get(reverse("public:agreement", args=[agreement.pk])).content.decode()
    assert agreement.title in page
    for area in agreement.goal_areas.all():
        assert area.title in page
    assert 'class="public-matrix"' in page
    assert "Feriepraktik för unga" in page
    assert "Sommarjobb för unga i de västra stadsdelarna." in page
    assert "◔ Initierad/delvis igång" in page  # symbol and words, not colour alone
    assert "Delaktivitet Bäckby – ◑ Pågår" in page


def test_public_pages_need_no_login_and_are_in_swedish(demo, client):
    response = client.get(reverse("public:index"))
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert "Publicerade överenskommelser" in response.content.decode()


def test_unpublished_agreement_is_not_found_even_for_its_members(cast, login, agreement):
    assert not agreement.is_published
    for user in [None, cast["admin"], cast["reader"]]:
        assert login(user).get(reverse("public:agreement", args=[agreement.pk])).status_code == 404
    assert agreement.title not in login(None).get(reverse("public:index")).content.decode()


def test_public_index_lists_only_published_agreements(db, client):
    published = make_agreement("Publicerad överenskommelse", is_published=True)
    hidden = make_agreement("Opublicerad överenskommelse")
    page = client.get(reverse("public:index")).content.decode()
    assert published.title in page
    assert hidden.title not in page


@pytest.mark.parametrize("count", [2, 8])
def test_public_page_query_count_does_not_grow_with_activities(db, client, django_assert_num_queries, count):
    agreement = make_agreement(is_published=True)
    for i in range(count):
        parent = make_activity(agreement, f"Aktivitet {i}")
        make_activity(agreement, f"Delaktivitet {i}", parent=parent)
        appendix = Appendix.objects.create(agreement=agreement, number=i + 1, title=f"Bilaga {i}", is_public=True)
        appendix.record_version(decided_on=None, decided_by="", text="Text.")
    # The published agreement, its parties, principles, goal areas, appendices and their versions, and bodies,
    # and the plan (public_site/plan.py: activities, their goal-area links, statuses).
    with django_assert_num_queries(10):
        client.get(reverse("public:agreement", args=[agreement.pk]))
