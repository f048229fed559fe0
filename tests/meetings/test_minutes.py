"""Approval (justering) of minutes, their freezing on every write path, corrections, attendance per item."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction

from meetings.models import (
    Adjuster,
    AgendaDocument,
    AgendaItem,
    Approval,
    Attendance,
    Decision,
    FrozenMinutesError,
    Meeting,
    Recusal,
    minutes_fingerprint,
    record_decision,
)
from tests.factories import make_activity, make_body, make_meeting, make_member, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(agreement):
    return {name: make_user(name) for name in ("chair", "adjuster1", "adjuster2", "secretary")}


@pytest.fixture
def meeting(agreement, people):
    body = make_body(agreement)
    meeting = make_meeting(
        body, adjusters=[people["adjuster1"], people["adjuster2"]], chair=people["chair"], state=Meeting.State.HELD
    )
    member = make_member(body, people["chair"])
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Lägesbild", minutes="Noterades.")
    attendance = Attendance.objects.create(meeting=meeting, member=member, status=Attendance.Status.PRESENT)
    Recusal.objects.create(item=item, attendance=attendance, reason="Styrelseledamot i bolaget")
    return meeting


def approve_all(meeting, people):
    meeting.approve(people["adjuster1"])
    meeting.approve(people["adjuster2"])
    meeting.refresh_from_db()


def test_minutes_are_approved_only_when_every_adjuster_has_approved(meeting, people):
    meeting.approve(people["adjuster1"])
    meeting.refresh_from_db()
    assert not meeting.is_approved
    meeting.approve(people["adjuster2"])
    meeting.refresh_from_db()
    assert meeting.is_approved
    assert meeting.fingerprint == minutes_fingerprint(meeting)
    assert sorted(a.user.username for a in meeting.approvals.all()) == ["adjuster1", "adjuster2"]


def test_someone_not_named_adjuster_cannot_approve(meeting, people):
    with pytest.raises(ValidationError):
        meeting.approve(people["chair"])
    assert not meeting.approvals.exists()


def test_an_adjuster_approves_once(meeting, people):
    meeting.approve(people["adjuster1"])
    with pytest.raises(ValidationError):
        meeting.approve(people["adjuster1"])


def test_a_planned_meeting_cannot_be_approved(meeting, people):
    meeting.state = Meeting.State.PLANNED
    meeting.save()
    with pytest.raises(ValidationError):
        meeting.approve(people["adjuster1"])


def test_approved_meeting_refuses_changes_and_deletion(meeting, people):
    approve_all(meeting, people)
    meeting.place = "Stadshuset"
    with pytest.raises(FrozenMinutesError):
        meeting.save()
    with pytest.raises(FrozenMinutesError):
        Meeting.objects.get(pk=meeting.pk).delete()
    fresh = Meeting.objects.get(pk=meeting.pk)
    fresh.approved_at = None
    with pytest.raises(FrozenMinutesError):
        fresh.save()


def test_approved_minutes_may_still_be_made_public(meeting, people):
    approve_all(meeting, people)
    meeting.minutes_public = True
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.minutes_public


def test_parts_of_approved_minutes_refuse_every_write(meeting, people):
    item = meeting.items.get()
    attendance = meeting.attendances.get()
    recusal = Recusal.objects.get()
    document = AgendaDocument.objects.create(item=item, title="Underlag", file=ContentFile(b"x", name="u.txt"))
    approve_all(meeting, people)

    item.minutes = "Ändrad i efterhand"
    attendance.status = Attendance.Status.ABSENT
    recusal.reason = "annat"
    document.title = "annat"
    for part in (item, attendance, recusal, document):
        with pytest.raises(FrozenMinutesError):
            part.save()
        with pytest.raises(FrozenMinutesError):
            type(part).objects.get(pk=part.pk).delete()
    with pytest.raises(FrozenMinutesError):
        AgendaItem.objects.create(meeting=meeting, title="Övrigt")
    with pytest.raises(FrozenMinutesError):
        Attendance.objects.create(meeting=meeting, name="Gäst")
    with pytest.raises(FrozenMinutesError):
        Adjuster.objects.create(meeting=meeting, user=people["chair"])
    with pytest.raises(FrozenMinutesError):
        Adjuster.objects.filter(meeting=meeting).first().delete()
    with pytest.raises(FrozenMinutesError):
        Approval.objects.filter(meeting=meeting).first().delete()
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Noterades."
    assert meeting.fingerprint == minutes_fingerprint(meeting)


def test_history_revert_of_approved_minutes_is_refused(meeting, people):
    item = meeting.items.get()
    item.minutes = "Andra versionen"
    item.save()
    approve_all(meeting, people)
    with pytest.raises(FrozenMinutesError):
        item.history.earliest().instance.save()
    with pytest.raises(FrozenMinutesError):
        meeting.history.earliest().instance.save()
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Andra versionen"


def test_approval_is_recorded_in_history_with_who(meeting, people):
    approve_all(meeting, people)
    last = meeting.history.first()
    assert last.approved_at is not None
    assert last.history_user == people["adjuster2"]


def test_item_approved_at_the_meeting_is_frozen_alone(meeting, people):
    item = meeting.items.get()
    other = AgendaItem.objects.create(meeting=meeting, position=2, title="Övrigt")
    item.approve_immediately(people["adjuster1"])
    item.refresh_from_db()
    assert not item.is_frozen
    item.approve_immediately(people["adjuster2"])
    item.refresh_from_db()
    assert item.is_frozen
    item.minutes = "ändrad"
    with pytest.raises(FrozenMinutesError):
        item.save()
    with pytest.raises(FrozenMinutesError):
        Recusal.objects.get().delete()
    other.minutes = "Fortfarande öppen"
    other.save()
    assert not Meeting.objects.get(pk=meeting.pk).is_approved


def test_corrections_are_numbered_approved_and_then_frozen(meeting, people):
    item = meeting.items.get()
    with pytest.raises(ValidationError):
        meeting.add_correction(item=item, before="a", after="b", reason="c", by=people["secretary"])
    approve_all(meeting, people)
    first = meeting.add_correction(
        item=item, before="Noterades.", after="Noterades och godkändes.", reason="Skrivfel", by=people["secretary"]
    )
    second = meeting.add_correction(item=None, before="x", after="y", reason="z", by=people["secretary"])
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError):
        first.approve(people["chair"])
    first.approve(people["adjuster1"])
    first.refresh_from_db()
    assert not first.is_approved
    first.approve(people["adjuster2"])
    first.refresh_from_db()
    assert first.is_approved
    first.reason = "annan"
    with pytest.raises(FrozenMinutesError):
        first.save()
    with pytest.raises(FrozenMinutesError):
        first.delete()
    # The minutes themselves are untouched: a correction never reopens them.
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Noterades."
    second.reason = "ännu ej justerad, får ändras"
    second.save()


def test_overdue_approval(meeting, people):
    assert meeting.approval_due_on == datetime.date(2024, 3, 28)
    assert not meeting.is_overdue_on(datetime.date(2024, 3, 28))
    assert meeting.is_overdue_on(datetime.date(2024, 3, 29))
    assert list(Meeting.objects.overdue_on(datetime.date(2024, 3, 29))) == [meeting]
    approve_all(meeting, people)
    assert not meeting.is_overdue_on(datetime.date(2024, 3, 29))
    assert not Meeting.objects.overdue_on(datetime.date(2024, 3, 29)).exists()


def test_attendance_per_item_arrivals_departures(meeting):
    first = meeting.items.get()
    second = AgendaItem.objects.create(meeting=meeting, position=2, title="Resurser")
    third = AgendaItem.objects.create(meeting=meeting, position=3, title="Övrigt")
    late = Attendance(meeting=meeting, name="Sen ankomst", status=Attendance.Status.PRESENT, arrived_at_item=second)
    late.full_clean()
    late.save()
    early = Attendance(meeting=meeting, name="Gick tidigt", status=Attendance.Status.PRESENT, left_after_item=first)
    early.save()
    absent = Attendance.objects.create(meeting=meeting, name="Frånvarande", status=Attendance.Status.ABSENT)
    assert [late.present_at(i) for i in (first, second, third)] == [False, True, True]
    assert [early.present_at(i) for i in (first, second, third)] == [True, False, False]
    assert not absent.present_at(first)
    backwards = Attendance(
        meeting=meeting, name="Fel", status=Attendance.Status.PRESENT, arrived_at_item=third, left_after_item=first
    )
    with pytest.raises(ValidationError):
        backwards.full_clean()


def test_a_recused_member_is_recorded_per_item(meeting):
    recusal = Recusal.objects.get()
    assert recusal.item.title == "Lägesbild"
    with pytest.raises(Exception):  # noqa: B017 (the database refuses a second jäv for the same item)
        Recusal.objects.create(item=recusal.item, attendance=recusal.attendance)


def test_calendar_changes_bump_sequence_other_edits_do_not(meeting):
    assert meeting.ical_sequence == 0
    uid = meeting.ical_uid
    changed_at = meeting.calendar_changed_at
    meeting.approval_due_on = datetime.date(2024, 4, 1)
    meeting.save()
    assert meeting.ical_sequence == 0
    meeting.place = "Stadshuset, sal 3"
    meeting.save()
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 1
    assert meeting.calendar_changed_at > changed_at
    assert meeting.ical_uid == uid


# --- side doors: the shell's bulk querysets, many-to-many links and raw SQL ---------------------------------------


def raw_update(sql: str, *params) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_bulk_querysets_cannot_change_or_delete_approved_minutes(meeting, people):
    item = meeting.items.get()
    decision = record_decision(
        meeting.body, item=item, text="Lägesbilden godkänns.", decided_on=datetime.date(2024, 3, 14), by=people["chair"]
    )
    approve_all(meeting, people)
    refused = [
        lambda: Meeting.objects.filter(pk=meeting.pk).update(place="Smygrummet"),
        lambda: Meeting.objects.filter(pk=meeting.pk).update(approved_at=None),
        lambda: meeting.items.update(minutes="Ändrad i efterhand"),
        lambda: AgendaItem.objects.bulk_update([AgendaItem(pk=item.pk, meeting=meeting, title="x")], ["title"]),
        lambda: AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, title="Övrigt")]),
        lambda: Attendance.objects.filter(meeting=meeting).update(status=Attendance.Status.ABSENT),
        lambda: Recusal.objects.all().update(reason="annat"),
        lambda: Recusal.objects.all().delete(),
        lambda: Adjuster.objects.filter(meeting=meeting).delete(),
        lambda: Approval.objects.filter(meeting=meeting).delete(),
        lambda: Decision.objects.filter(pk=decision.pk).update(text="Något annat beslutades."),
        lambda: Decision.objects.filter(pk=decision.pk).delete(),
        # Moving an open meeting's item into the approved minutes adds to them.
        lambda: AgendaItem.objects.filter(pk=make_open_item(meeting).pk).update(meeting=meeting),
    ]
    for write in refused:
        with pytest.raises(FrozenMinutesError):
            write()
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Noterades."
    assert Decision.objects.get(pk=decision.pk).text == "Lägesbilden godkänns."
    assert Meeting.objects.get(pk=meeting.pk).place == meeting.place
    # What goes on after approval still may: publishing the minutes, carrying out the decision.
    Meeting.objects.filter(pk=meeting.pk).update(minutes_public=True)
    Decision.objects.filter(pk=decision.pk).update(execution=Decision.Execution.DONE)
    assert Decision.objects.get(pk=decision.pk).execution == Decision.Execution.DONE


def make_open_item(approved):
    other = make_meeting(approved.body, starts_at=approved.starts_at + datetime.timedelta(days=30))
    return AgendaItem.objects.create(meeting=other, title="Nästa gång")


def test_an_approved_items_links_to_activities_and_goal_areas_do_not_change(meeting, people, agreement):
    item = meeting.items.get()
    area = agreement.goal_areas.get()
    activity = make_activity(agreement, "Trygghetsvandring")
    item.goal_areas.add(area)
    approve_all(meeting, people)
    item = AgendaItem.objects.get(pk=item.pk)
    for change in (
        lambda: item.activities.add(activity),
        lambda: item.goal_areas.remove(area),
        lambda: item.goal_areas.clear(),
        lambda: item.goal_areas.set([]),
    ):
        # The related manager writes inside the caller's transaction, which a refusal leaves unusable.
        with pytest.raises(FrozenMinutesError), transaction.atomic():
            change()
    assert list(item.goal_areas.all()) == [area] and not item.activities.exists()


def test_the_database_refuses_raw_sql_that_changes_approved_minutes(meeting, people):
    item = meeting.items.get()
    open_item = make_open_item(meeting)
    approve_all(meeting, people)
    for sql, params in [
        ("UPDATE meetings_meeting SET place = %s WHERE id = %s", ("Smygrummet", meeting.pk)),
        ("UPDATE meetings_meeting SET approved_at = NULL WHERE id = %s", (meeting.pk,)),
        ("UPDATE meetings_agendaitem SET minutes = %s WHERE id = %s", ("Ändrad", item.pk)),
        ("UPDATE meetings_recusal SET reason = %s WHERE item_id = %s", ("annat", item.pk)),
        ("UPDATE meetings_attendance SET status = %s WHERE meeting_id = %s", ("absent", meeting.pk)),
        ("UPDATE meetings_agendaitem SET meeting_id = %s WHERE id = %s", (meeting.pk, open_item.pk)),
    ]:
        with pytest.raises(IntegrityError):
            raw_update(sql, *params)
    raw_update("UPDATE meetings_meeting SET minutes_public = %s WHERE id = %s", True, meeting.pk)
    raw_update("UPDATE meetings_agendaitem SET minutes = %s WHERE id = %s", "Öppen punkt", open_item.pk)
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Noterades."
    assert AgendaItem.objects.get(pk=open_item.pk).minutes == "Öppen punkt"


def test_the_database_refuses_raw_sql_that_changes_an_item_approved_at_the_meeting(meeting, people):
    item = meeting.items.get()
    item.approve_immediately(people["adjuster1"])
    item.approve_immediately(people["adjuster2"])
    with pytest.raises(IntegrityError):
        raw_update("UPDATE meetings_agendaitem SET minutes = %s WHERE id = %s", "Ändrad", item.pk)
    with pytest.raises(IntegrityError):
        raw_update("UPDATE meetings_recusal SET reason = %s WHERE item_id = %s", "annat", item.pk)
    raw_update("UPDATE meetings_meeting SET place = %s WHERE id = %s", "Stadshuset", meeting.pk)
    assert Meeting.objects.get(pk=meeting.pk).place == "Stadshuset"
