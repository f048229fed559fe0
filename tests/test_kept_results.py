"""Results kept until the database changes (samverkan/kept_results.py): the state any commit changes, what is kept
under it, and the pages that keep what they read, which show every change however it was written.

These tests commit (transaction=True): inside a transaction, as the rest of the suite runs, nothing is kept.
"""

import datetime
import importlib
import re
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from activities.models import Activity, Status
from meetings.models import STOCKHOLM, Decision, Meeting, record_decision
from samverkan import kept_results
from samverkan.kept_results import database_state, kept_result, state_of_request
from tests.factories import make_activity, make_body, make_meeting, make_member, make_statuses

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def nothing_kept():
    kept_results.kept.clear()


@contextmanager
def in_state(state: str):
    """Within: results are kept under `state`, as if the database stood still (on PostgreSQL the snapshot is
    the whole server's, and another test process commits to its own database all the while)."""
    token = kept_results._state.set(state)
    try:
        yield
    finally:
        kept_results._state.reset(token)


def in_another_connection(work):
    """`work()` on a thread of its own, so through a database connection of its own, committed there."""

    def run():
        try:
            work()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


def test_the_state_changes_with_every_commit_by_any_path_and_only_then(agreement):
    status = Status.objects.filter(agreement=agreement).first() or make_statuses(agreement)["initiated"]
    before = database_state()
    assert before is not None
    if connection.vendor == "sqlite":  # the connection's own: nothing else commits to it meanwhile
        assert database_state() == before  # reading changes nothing

    Status.objects.filter(pk=status.pk).update(name="Omdöpt")  # a queryset update: no signal is sent
    after_update = database_state()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE activities_status SET name = %s WHERE id = %s", ["Rått", status.pk])
    after_raw_sql = database_state()
    in_another_connection(lambda: Status.objects.filter(pk=status.pk).update(name="Från en annan"))
    after_other_connection = database_state()

    assert len({before, after_update, after_raw_sql, after_other_connection}) == 4


def test_inside_a_transaction_there_is_no_state_and_nothing_is_kept(agreement):
    calls = []
    with transaction.atomic():
        assert database_state() is None
        with state_of_request("GET"):
            kept_result("test", (1,), lambda: calls.append(1))
            kept_result("test", (1,), lambda: calls.append(1))
    assert len(calls) == 2


def test_a_result_is_worked_out_once_per_state_and_asked_values_and_language(agreement):
    calls = []

    def work_out():
        calls.append(1)
        return {"figures": [len(calls)]}

    with in_state("one"):
        first = kept_result("test", (agreement.pk, "2024-3"), work_out)
        again = kept_result("test", (agreement.pk, "2024-3"), work_out)
        other_question = kept_result("test", (agreement.pk, "2024-4"), work_out)
        with translation.override("en"):
            kept_result("test", (agreement.pk, "2024-3"), work_out)
        with timezone.override("UTC"):
            kept_result("test", (agreement.pk, "2024-3"), work_out)
    assert first == again == {"figures": [1]} and other_question == {"figures": [2]}
    assert len(calls) == 4

    again["figures"].append("changed by a view")  # a copy: the next request gets what was worked out
    with in_state("one"):
        assert kept_result("test", (agreement.pk, "2024-3"), work_out) == {"figures": [1]}
    with in_state("two"):  # another state of the database: worked out anew
        assert kept_result("test", (agreement.pk, "2024-3"), work_out) == {"figures": [5]}


def test_work_inside_a_transaction_is_not_kept_even_where_the_request_had_a_state(agreement):
    calls = []
    with in_state("one"), transaction.atomic():
        kept_result("test", (1,), lambda: calls.append(1))
        kept_result("test", (1,), lambda: calls.append(1))
    assert len(calls) == 2


def test_the_plan_pages_and_the_dashboard_read_again_only_when_the_state_changes(agreement, cast, login, monkeypatch):
    """With the database's state held still, a page's second view reads less; a new state reads it all again."""
    make_statuses(agreement)
    make_activity(agreement, "Feriepraktik")
    type(agreement).objects.filter(pk=agreement.pk).update(is_published=True)
    admin = login(cast["admin"])
    state = ["one"]
    monkeypatch.setattr(kept_results, "database_state", lambda: state[0])
    meeting = next_meeting(agreement, cast)
    record_decision(
        meeting.body, text="Boka lokal", decided_on=datetime.date(2024, 3, 14), by=cast["admin"], taken_by="Ordföranden"
    )
    pages = {
        "decision register": (admin, reverse("meetings:register", args=[agreement.pk])),
        "agenda draft": (admin, reverse("meetings:draft", args=[meeting.pk])),
        "agenda draft, status changes": (admin, reverse("meetings:draft_kind", args=[meeting.pk, "statusandringar"])),
        "board": (admin, reverse("activities:board", args=[agreement.pk])),
        "matrix": (admin, reverse("activities:matrix", args=[agreement.pk])),
        "dashboard": (admin, reverse("reports:dashboard", args=[agreement.pk])),
        "public": (login(None), reverse("public:agreement", args=[agreement.pk])),
    }

    def queries(client, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for name, (client, url) in pages.items():
        state[0] = f"before {name}"  # the agenda draft's two pages read the same draft
        first, second = queries(client, url), queries(client, url)
        state[0] = f"after {name}"
        assert second < first, name
        assert queries(client, url) == first, name


def next_meeting(agreement, cast) -> Meeting:
    """A body's meeting after one held in March 2024, prepared by the official."""
    body = make_body(agreement, "Operativ ledning", kind="operative")
    make_member(body, cast["official"], function="sekreterare", is_secretary=True)
    make_meeting(body, state=Meeting.State.HELD)
    return make_meeting(body, starts_at=datetime.datetime(2030, 3, 14, 13, tzinfo=STOCKHOLM))


def test_the_agenda_draft_shows_a_change_from_another_connection_and_an_adopted_entry_at_once(agreement, cast, login):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Nattvandring")
    meeting = next_meeting(agreement, cast)
    client = login(cast["official"])
    url = reverse("meetings:draft", args=[meeting.pk])
    assert "Nattvandring" not in client.get(url).content.decode()

    in_another_connection(
        lambda: Activity.objects.get(pk=activity.pk).set_status(statuses["ongoing"], by=cast["admin"], comment="")
    )
    page = client.get(url).content.decode()
    assert "Nattvandring" in page and "✓ På dagordningen" not in page
    key = f"status:{activity.pk}:{activity.status_changes.get().pk}"
    response = client.post(reverse("meetings:draft_adopt", args=[meeting.pk]), {"key": key}, follow=True)
    assert "✓ På dagordningen" in response.content.decode()


def test_the_decision_register_shows_an_execution_recorded_on_another_connection_and_only_what_one_may_see(
    agreement, cast, login
):
    make_statuses(agreement)
    meeting = next_meeting(agreement, cast)
    decision = record_decision(
        meeting.body, text="Boka lokal", decided_on=datetime.date(2024, 3, 14), by=cast["admin"], taken_by="Ordföranden"
    )
    # The reader sits in another body only: the same page of the register, other decisions.
    other_body = make_body(agreement, "Arbetsgrupp trygghet", kind="working_group")
    make_member(other_body, cast["reader"])
    record_decision(
        other_body, text="Köp bänkar", decided_on=datetime.date(2024, 3, 14), by=cast["admin"], taken_by="Gruppen"
    )
    url = reverse("meetings:register", args=[agreement.pk])
    official, reader = login(cast["official"]), login(cast["reader"])

    def rows(client) -> str:
        return " ".join(re.search(r"<tbody>(.*?)</tbody>", client.get(url).content.decode(), re.S).group(1).split())

    assert "Boka lokal" in rows(official) and "Ej påbörjat" in rows(official)
    assert "Köp bänkar" not in rows(official)
    assert "Köp bänkar" in rows(reader) and "Boka lokal" not in rows(reader)

    in_another_connection(
        lambda: Decision.objects.get(pk=decision.pk).set_execution(Decision.Execution.DONE, by=cast["admin"])
    )
    assert "Klart" in rows(official) and "Ej påbörjat" not in rows(official)


@pytest.mark.parametrize(
    ("view_module", "url_name", "fragment"),
    [("activities.views", "activities:board", "card"), ("public_site.views", "public:agreement", "row")],
)
def test_kept_rendered_fragments_are_rendered_again_when_their_template_changes(
    agreement, cast, login, monkeypatch, view_module, url_name, fragment
):
    """The board's cards and the public page's rows are kept rendered: under the source of their template too."""
    make_statuses(agreement)
    make_activity(agreement, "Feriepraktik")
    type(agreement).objects.filter(pk=agreement.pk).update(is_published=True)
    client = login(cast["admin"])
    monkeypatch.setattr(kept_results, "database_state", lambda: "one")
    module = importlib.import_module(view_module)
    renders = []
    render_each = module.render_each
    monkeypatch.setattr(module, "render_each", lambda name, *a, **k: renders.append(name) or render_each(name, *a, **k))
    url = reverse(url_name, args=[agreement.pk])

    client.get(url), client.get(url)
    assert renders.count(fragment) == 1
    monkeypatch.setattr(module, "source_digest", lambda template_name: "an edited template")
    client.get(url)
    assert renders.count(fragment) == 2


def test_the_decision_registers_kept_rows_are_rendered_again_when_its_template_changes(
    agreement, cast, login, monkeypatch
):
    from meetings import decision_views

    make_statuses(agreement)
    record_decision(
        next_meeting(agreement, cast).body, text="Boka lokal", decided_on=datetime.date(2024, 3, 14),
        by=cast["admin"], taken_by="Ordföranden",
    )  # fmt: skip
    client = login(cast["admin"])
    monkeypatch.setattr(kept_results, "database_state", lambda: "one")
    renders = []
    register_rows = decision_views._register_rows
    monkeypatch.setattr(decision_views, "_register_rows", lambda *a: renders.append(a) or register_rows(*a))
    url = reverse("meetings:register", args=[agreement.pk])

    client.get(url), client.get(url)
    assert len(renders) == 1
    monkeypatch.setattr(decision_views, "source_digest", lambda template_name: "an edited template")
    assert "Boka lokal" in client.get(url).content.decode()
    assert len(renders) == 2


def test_a_writing_request_keeps_nothing_and_only_plain_values_ask(agreement):
    calls = []
    with state_of_request("POST"):
        kept_result("test", (1,), lambda: calls.append(1))
        kept_result("test", (1,), lambda: calls.append(1))
    assert len(calls) == 2
    with state_of_request("GET"), pytest.raises(TypeError):
        kept_result("test", (agreement,), lambda: None)


def test_a_shared_result_is_the_same_object_and_counts_its_pickled_size(agreement):
    with in_state("one"):
        first = kept_result("test", (1,), lambda: ["x" * 10_000], shared=True)
        assert kept_result("test", (1,), lambda: ["other"], shared=True) is first
    assert kept_results.kept.bytes > 10_000


def board_of(client, agreement) -> str:
    return client.get(reverse("activities:board", args=[agreement.pk])).content.decode()


def test_the_board_shows_a_status_written_by_raw_sql_at_once(agreement, cast, login):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Trygghetsvandring", status_kind="initiated")
    client = login(cast["admin"])
    assert f'data-status="{statuses["initiated"].pk}"' in board_of(client, agreement).split("Trygghetsvandring")[0]

    with connection.cursor() as cursor:  # no model method, no signal: only the database knows
        cursor.execute(
            "UPDATE activities_activity SET status_id = %s WHERE id = %s", [statuses["ongoing"].pk, activity.pk]
        )
    card = board_of(client, agreement).split(f'id="card-{activity.pk}"')[1].split("</article>")[0]
    assert statuses["ongoing"].name in card and statuses["initiated"].name not in card


def test_a_card_kept_for_one_users_rights_is_not_shown_to_another(agreement, cast, login):
    make_statuses(agreement)
    activity = make_activity(agreement, "Feriepraktik")  # handled by no one: the official may not change it
    change = reverse("activities:status", args=[activity.pk])
    admin, official = login(cast["admin"]), login(cast["official"])  # both signed in first: no commit between
    # On SQLite nothing commits between these three: the second and third are served what was kept.
    assert change in board_of(admin, agreement)
    assert change not in board_of(official, agreement)
    assert change in board_of(admin, agreement)


def test_the_matrix_and_the_public_page_show_a_renamed_activity_at_once(agreement, cast, login):
    type(agreement).objects.filter(pk=agreement.pk).update(is_published=True)
    make_statuses(agreement)
    activity = make_activity(agreement, "Gammalt namn")
    client = login(cast["admin"])
    matrix = reverse("activities:matrix", args=[agreement.pk])
    public = reverse("public:agreement", args=[agreement.pk])
    assert "Gammalt namn" in client.get(matrix).content.decode()
    assert "Gammalt namn" in login(None).get(public).content.decode()

    in_another_connection(lambda: Activity.objects.filter(pk=activity.pk).update(name="Nytt namn"))
    assert "Nytt namn" in client.get(matrix).content.decode()
    assert "Nytt namn" in login(None).get(public).content.decode()


def test_the_dashboard_counts_a_status_change_recorded_on_another_connection_at_once(agreement, cast, login):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Nattvandring", status_kind="initiated")
    client = login(cast["admin"])
    url = reverse("reports:dashboard", args=[agreement.pk])

    def counts() -> dict:
        return {status.name: n for status, n in client.get(url).context["total"].cells}

    assert counts()[statuses["initiated"].name] == 1
    in_another_connection(
        lambda: Activity.objects.get(pk=activity.pk).set_status(statuses["ongoing"], by=cast["admin"], comment="")
    )
    assert counts()[statuses["ongoing"].name] == 1 and counts()[statuses["initiated"].name] == 0
