"""The agreement's list, page and PDF read in a fixed number of queries, however long the agreement, its appendices
or its plan."""

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Level, Person, Responsibility
from agreements.models import Appendix, GoalArea, Party, Principle, Signatory
from tests.factories import make_activity, make_agreement, make_user


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _lengthen(agreement, n: int) -> None:
    for i in range(n):
        agreement.agreement_parties.create(party=Party.objects.create(name=f"Part {i}"), order=10 + i)
        Principle.objects.create(agreement=agreement, order=10 + i, name=f"Princip {i}", sentence="mening")
        Signatory.objects.create(agreement=agreement, order=10 + i, name=f"Namn {i}", title="t", organisation="o")
        GoalArea.objects.create(agreement=agreement, code=f"Z{i}", title=f"Område {i}", criteria="a\nb")
        agreement.record_amendment(
            kind="appendix", title=f"Bilaga {i}", text="x", decided_on="2024-01-01", decided_by="SL"
        )
        _add_appendix(agreement, i + 1)


def _add_appendix(agreement, number: int) -> None:
    """An appendix with two versions, one of them with a file."""
    appendix = Appendix.objects.create(agreement=agreement, number=number, title=f"Bilaga {number}")
    appendix.record_version(decided_on=None, decided_by="", text="Lägesbild.")
    appendix.record_version(decided_on=None, decided_by="", file=ContentFile(b"%PDF-1.4\n", name=f"b{number}.pdf"))


def test_agreement_page_queries_do_not_grow_with_its_length(db, login):
    short, long = make_agreement("Kort"), make_agreement("Lång")
    _add_appendix(short, 1)
    _lengthen(long, 8)
    client = login(make_user("admin", admin=True))
    assert _queries(client, reverse("agreements:detail", args=[short.pk])) == _queries(
        client, reverse("agreements:detail", args=[long.pk])
    )


def test_appendices_page_queries_do_not_grow_with_the_appendices_and_their_versions(db, login):
    few, many = make_agreement("Få"), make_agreement("Många")
    _add_appendix(few, 1)
    for number in range(1, 9):
        _add_appendix(many, number)
    client = login(make_user("admin", admin=True))
    assert _queries(client, reverse("agreements:appendices", args=[few.pk])) == _queries(
        client, reverse("agreements:appendices", args=[many.pk])
    )


def test_agreement_list_queries_do_not_grow_with_the_number_of_agreements(db, login):
    client = login(make_user("admin", admin=True))
    make_agreement("Första", signed=True)
    few = _queries(client, reverse("agreements:list"))
    for i in range(6):
        make_agreement(f"Fler {i}", signed=i % 2 == 0)
    assert _queries(client, reverse("agreements:list")) == few


def _lengthen_plan(agreement, official, n: int) -> None:
    """`n` more activities, each with a goal area, a responsible person and a sub-activity with people of its own."""
    for i in range(n):
        activity = make_activity(agreement, f"Aktivitet {i}", handled_by=official, is_prioritised=i % 2 == 0)
        sub = make_activity(agreement, f"Delaktivitet {i}", parent=activity, status_kind="ongoing")
        person = Person.objects.create(agreement=agreement, name=f"Ansvarig {i}")
        Responsibility.objects.create(activity=sub, person=person, level=Level.OPERATIVE)


def test_agreement_pdf_queries_do_not_grow_with_the_activity_plan(db, login):
    short, long = make_agreement("Kort"), make_agreement("Lång")
    admin = make_user("admin", admin=True)
    make_activity(short, "Den enda aktiviteten", handled_by=admin)
    _add_appendix(short, 1)
    _lengthen_plan(long, admin, 6)
    for number in range(1, 5):
        _add_appendix(long, number)
    client = login(admin)
    assert _queries(client, reverse("reports:agreement_pdf", args=[short.pk])) == _queries(
        client, reverse("reports:agreement_pdf", args=[long.pk])
    )
