import datetime

import pytest
from django.urls import reverse

from agreements.models import Role
from followup.cycle import CycleRow, cycle_rows, due_for_user
from followup.models import CycleCompletion, CycleStep, SituationPicture

from .helpers import make_cycle_step, make_promise


@pytest.fixture
def steps(agreement):
    return {
        "process": make_cycle_step(agreement, "Initiera möten", month=6, day=1, kind=CycleStep.Kind.OTHER),
        "picture": make_cycle_step(agreement, "Lägesbild", month=1, day=1, kind=CycleStep.Kind.SITUATION_PICTURE),
        "promises": make_cycle_step(agreement, "Löften apr–sep", month=4, day=1, kind=CycleStep.Kind.CITIZEN_PROMISES),
    }


def states(agreement, on):
    return [(row.step.name, row.due_on, row.state) for row in cycle_rows(agreement, on)]


def test_the_last_date_is_late_unless_done_and_the_next_is_due_within_its_notice(agreement, steps):
    rows = states(agreement, datetime.date(2025, 5, 15))
    assert ("Lägesbild", datetime.date(2025, 1, 1), CycleRow.State.LATE) in rows
    assert ("Löften apr–sep", datetime.date(2025, 4, 1), CycleRow.State.LATE) in rows
    assert ("Initiera möten", datetime.date(2025, 6, 1), CycleRow.State.DUE) in rows  # within 60 days
    assert ("Lägesbild", datetime.date(2026, 1, 1), CycleRow.State.UPCOMING) in rows


def test_a_situation_picture_promises_or_a_mark_make_a_date_done(agreement, steps):
    SituationPicture.objects.create(agreement=agreement, year=2025)
    make_promise(agreement, starts_on=datetime.date(2025, 4, 1))
    CycleCompletion.objects.create(step=steps["process"], year=2024)
    rows = states(agreement, datetime.date(2025, 5, 15))
    assert ("Lägesbild", datetime.date(2025, 1, 1), CycleRow.State.DONE) in rows
    assert ("Löften apr–sep", datetime.date(2025, 4, 1), CycleRow.State.DONE) in rows
    assert ("Initiera möten", datetime.date(2024, 6, 1), CycleRow.State.DONE) in rows


def test_dates_outside_the_agreement_are_not_asked_for(agreement, steps):
    # The agreement runs 2023-06-07 – 2027-06-01: 1 January 2023 came before it.
    rows = states(agreement, datetime.date(2023, 6, 10))
    assert all(row[1] >= agreement.valid_from for row in rows)


def test_the_start_page_of_the_responsible_shows_what_is_due_and_late(login, cast, agreement, steps):
    steps["picture"].responsible_role = Role.OPERATIVE
    steps["picture"].save()
    for step in (steps["process"], steps["promises"]):
        step.responsible_role = Role.STRATEGIC
        step.save()
    assert [row.step for row in due_for_user(cast["operative"], datetime.date(2025, 5, 15))] == [steps["picture"]]
    assert due_for_user(cast["reader"], datetime.date(2025, 5, 15)) == []
    assert due_for_user(cast["outsider"], datetime.date(2025, 5, 15)) == []
    html = login(cast["operative"]).get(reverse("home")).content.decode()
    assert "Årshjulet: aktuellt och försenat" in html and "Lägesbild" in html


def test_the_operative_group_marks_a_step_done(login, cast, agreement, steps):
    response = login(cast["operative"]).post(reverse("followup:cycle_done", args=[steps["process"].pk]), {"year": 2025})
    assert response.status_code == 302
    completion = CycleCompletion.objects.get()
    assert (completion.step, completion.year, completion.by) == (steps["process"], 2025, cast["operative"])
    assert completion.history.count() == 1


def test_the_cycle_page_shows_state_in_words(login, cast, agreement, steps):
    html = login(cast["reader"]).get(reverse("followup:cycle", args=[agreement.pk])).content.decode()
    assert "Försenat" in html or "Aktuellt" in html or "Kommande" in html
