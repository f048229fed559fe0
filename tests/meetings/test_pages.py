"""The pages of bodies and meetings as each role sees them, and what their forms do."""

import datetime

import pytest
from django.urls import reverse

from meetings.models import STOCKHOLM, AgendaItem, Attendance, Meeting, Recusal
from tests.factories import make_body, make_meeting

from .helpers import meeting_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(agreement, cast):
    return meeting_world(agreement, cast)


def test_structure_page_draws_and_lists_the_bodies(agreement, cast, login, world):
    strategic = make_body(agreement, "Strategisk ledning", meetings_per_year=4)
    world.body.reports_to = strategic
    world.body.save()
    page = login(cast["reader"]).get(reverse("meetings:structure", args=[agreement.pk])).content.decode()
    assert "<svg" in page and "<path" in page
    assert page.count('class="box ') == 2
    assert "Arbetsgrupp trygghet" in page and "Rapporterar till" in page
    assert "Strategisk ledning" in page


def test_structure_page_without_bodies_says_what_to_do(agreement, cast, login):
    page = login(cast["admin"]).get(reverse("meetings:structure", args=[agreement.pk])).content.decode()
    assert "har inga organ ännu" in page


def test_outsider_does_not_see_the_structure(agreement, cast, login, world):
    assert login(cast["outsider"]).get(reverse("meetings:structure", args=[agreement.pk])).status_code == 404


def test_the_agreement_page_links_to_the_structure(agreement, cast, login):
    page = login(cast["reader"]).get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert reverse("meetings:structure", args=[agreement.pk]) in page


@pytest.mark.parametrize(
    ("role", "sees_meetings"),
    [("admin", True), ("strategic", True), ("operative", True), ("official", True), ("reader", False)],
)
def test_body_page_shows_meetings_only_to_those_who_may_see_them(cast, login, world, role, sees_meetings):
    page = login(cast[role]).get(reverse("meetings:body", args=[world.body.pk])).content.decode()
    assert "samordnare" in page
    assert (reverse("meetings:meeting", args=[world.meeting.pk]) in page) is sees_meetings


def test_body_behind_its_cadence_stands_out(cast, login, world):
    page = login(cast["official"]).get(reverse("meetings:body", args=[world.body.pk])).content.decode()
    assert "Ligger efter" in page


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("strategic", 200), ("operative", 200), ("official", 200), ("reader", 404), ("outsider", 404)],
)
def test_meeting_page_per_role(cast, login, world, role, status):
    response = login(cast[role]).get(reverse("meetings:meeting", args=[world.meeting.pk]))
    assert response.status_code == status
    if status == 200:
        assert "Lägesbilden noterades." in response.content.decode()


def test_meeting_page_shows_attendance_per_item_and_jav(cast, login, world):
    second = AgendaItem.objects.create(meeting=world.meeting, position=2, title="Resurser")
    guest = Attendance.objects.create(
        meeting=world.meeting, name="Gäst Gästsson", status=Attendance.Status.PRESENT, arrived_at_item=second
    )
    Recusal.objects.create(item=second, attendance=world.attendance, reason="Sitter i styrelsen")
    page = login(cast["official"]).get(reverse("meetings:meeting", args=[world.meeting.pk])).content.decode()
    assert "Inte närvarande vid punkten: Gäst Gästsson" in page
    assert "deltog inte i punkten" in page and "Sitter i styrelsen" in page
    assert guest.display_name in page


def test_overdue_approval_stands_out(cast, login, world):
    page = login(cast["official"]).get(reverse("meetings:meeting", args=[world.meeting.pk])).content.decode()
    assert "Justering försenad" in page


def test_only_the_adjuster_sees_and_uses_the_approve_button(cast, login, world):
    url = reverse("meetings:approve", args=[world.meeting.pk])
    assert url not in login(cast["official"]).get(world.meeting.get_absolute_url()).content.decode()
    assert login(cast["official"]).post(url).status_code == 403
    assert login(cast["admin"]).post(url).status_code == 403
    client = login(cast["strategic"])
    assert url in client.get(world.meeting.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.is_approved


def test_convenor_plans_a_meeting_in_local_time(cast, login, world):
    response = login(cast["official"]).post(
        reverse("meetings:meeting_create", args=[world.body.pk]),
        {
            "date": "2024-10-27",
            "start_time": "09:00",
            "end_time": "11:30",
            "place": "Rum 2",
            "link": "",
            "adjusters": [cast["strategic"].pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.exclude(pk=world.meeting.pk).get()
    # 27 October 2024 is the day summer time ends: 09:00 in Stockholm is 08:00 UTC.
    assert meeting.starts_at == datetime.datetime(2024, 10, 27, 8, 0, tzinfo=datetime.UTC)
    assert meeting.approval_due_on == datetime.date(2024, 11, 10)
    assert list(meeting.adjusters.all()) == [cast["strategic"]]
    assert meeting.attendances.count() == 2  # the members are invited
    assert meeting.history.count() >= 1


def test_meeting_form_errors_in_swedish_and_nothing_saved(cast, login, world):
    response = login(cast["official"]).post(
        reverse("meetings:meeting_create", args=[world.body.pk]),
        {"date": "2024-10-27", "start_time": "11:00", "end_time": "10:00"},
    )
    assert response.status_code == 200
    assert "Mötet måste sluta efter att det börjar." in response.content.decode()
    assert Meeting.objects.count() == 1


def test_strategic_member_without_a_role_in_the_body_cannot_edit_its_meetings(cast, login, world):
    assert login(cast["strategic"]).get(reverse("meetings:meeting_edit", args=[world.meeting.pk])).status_code == 403


def test_minutes_written_in_place_with_htmx(cast, login, world):
    url = reverse("meetings:item_minutes", args=[world.item.pk])
    client = login(cast["official"])
    form = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in form.content.decode() and "<form" in form.content.decode()
    saved = client.post(url, {"minutes": "Ny text."}, headers={"HX-Request": "true"})
    assert saved.status_code == 200 and "<html" not in saved.content.decode()
    assert "Ny text." in saved.content.decode()
    assert saved["HX-Trigger"] == "minutes-saved"
    world.item.refresh_from_db()
    assert world.item.minutes == "Ny text."
    assert world.item.history.first().history_user == cast["official"]


def test_minutes_without_javascript_redirect_back(cast, login, world):
    response = login(cast["official"]).post(reverse("meetings:item_minutes", args=[world.item.pk]), {"minutes": "X"})
    assert response.status_code == 302
    assert response.url.endswith(f"#item-{world.item.pk}")


def test_approved_minutes_cannot_be_edited_through_the_pages(cast, login, world):
    world.meeting.approve(cast["strategic"])
    client = login(cast["official"])
    for name, pk in [
        ("meetings:item_minutes", world.item.pk),
        ("meetings:item_edit", world.item.pk),
        ("meetings:meeting_edit", world.meeting.pk),
    ]:
        assert client.post(reverse(name, args=[pk]), {"minutes": "ändrad", "title": "x"}).status_code == 409
    assert client.post(reverse("meetings:attendance", args=[world.meeting.pk]), {"save": "1"}).status_code == 409
    world.item.refresh_from_db()
    assert world.item.minutes == "Lägesbilden noterades."


def test_correction_through_the_pages(cast, login, world):
    world.meeting.approve(cast["strategic"])
    response = login(cast["official"]).post(
        reverse("meetings:correction_create", args=[world.meeting.pk]),
        {"item": world.item.pk, "before": "noterades", "after": "godkändes", "reason": "Felskrivning"},
    )
    assert response.status_code == 302
    correction = world.meeting.corrections.get()
    assert correction.number == 1
    login(cast["strategic"]).post(reverse("meetings:correction_approve", args=[correction.pk]))
    correction.refresh_from_db()
    assert correction.is_approved
    page = login(cast["official"]).get(world.meeting.get_absolute_url()).content.decode()
    assert "Rättelse 1" in page and "Felskrivning" in page


def test_attendance_page_records_arrivals(cast, login, world):
    second = AgendaItem.objects.create(meeting=world.meeting, position=2, title="Resurser")
    prefix = f"a{world.attendance.pk}"
    response = login(cast["official"]).post(
        reverse("meetings:attendance", args=[world.meeting.pk]),
        {"save": "1", f"{prefix}-status": "present", f"{prefix}-arrived_at_item": second.pk},
    )
    assert response.status_code == 302
    world.attendance.refresh_from_db()
    assert world.attendance.arrived_at_item == second
    assert not world.attendance.present_at(world.item)


def test_cancelling_a_meeting(cast, login, world):
    planned = make_meeting(world.body, starts_at=datetime.datetime(2025, 2, 1, 10, tzinfo=STOCKHOLM))
    response = login(cast["official"]).post(
        reverse("meetings:meeting_state", args=[planned.pk]), {"state": "cancelled"}
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.state == Meeting.State.CANCELLED
    assert planned.ical_sequence == 1


@pytest.mark.parametrize("size", [2, 12])
def test_body_and_structure_pages_read_in_a_constant_number_of_queries(
    agreement, cast, login, world, django_assert_num_queries, size
):
    for day in range(size):
        meeting = make_meeting(world.body, starts_at=datetime.datetime(2024, 5, 1 + day, 10, tzinfo=STOCKHOLM))
        AgendaItem.objects.create(meeting=meeting, title="Punkt")
    client = login(cast["official"])
    client.get(reverse("meetings:body", args=[world.body.pk]))  # session and user warmed up
    with django_assert_num_queries(13):  # 12, and the questions raised to the body
        client.get(reverse("meetings:body", args=[world.body.pk]))
    with django_assert_num_queries(11):
        client.get(reverse("meetings:structure", args=[agreement.pk]))


@pytest.mark.parametrize("size", [1, 8])
def test_meeting_page_reads_in_a_constant_number_of_queries(cast, login, world, django_assert_num_queries, size):
    for position in range(size):
        item = AgendaItem.objects.create(meeting=world.meeting, position=10 + position, title=f"Punkt {position}")
        guest = Attendance.objects.create(meeting=world.meeting, name=f"Gäst {position}", status="present")
        Recusal.objects.create(item=item, attendance=guest)
    client = login(cast["strategic"])
    client.get(world.meeting.get_absolute_url())
    with django_assert_num_queries(21):  # 18, and the items' decisions, action items and raised questions
        client.get(world.meeting.get_absolute_url())


def test_public_page_shows_bodies_and_mandates_but_no_members(agreement, cast, login, world):
    agreement.is_published = True
    agreement.save()
    world.body.mandate = "Följer upp insatserna."
    world.body.save()
    page = login(None).get(reverse("public:agreement", args=[agreement.pk])).content.decode()
    assert "Arbetsgrupp trygghet" in page and "Följer upp insatserna." in page
    assert "samordnare" not in page and cast["official"].first_name not in page
    assert "Lägesbilden noterades." not in page
    world.body.is_public = False
    world.body.save()
    assert (
        "Arbetsgrupp trygghet" not in login(None).get(reverse("public:agreement", args=[agreement.pk])).content.decode()
    )


def test_inviting_the_members_says_how_many_in_the_right_number(cast, login, world):
    before = world.meeting.attendances.count()
    response = login(cast["official"]).post(
        reverse("meetings:attendance", args=[world.meeting.pk]), {"invite": "1"}, follow=True
    )
    added = world.meeting.attendances.count() - before
    said = [str(message) for message in response.context["messages"]]
    expected = "1 ledamot lades till som kallad." if added == 1 else f"{added} ledamöter lades till som kallade."
    assert said == [expected]
