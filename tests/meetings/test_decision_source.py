"""A decision carried out in the plan: the status change or new activity it made, linked both ways."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity, StatusChange
from agreements.models import Appendix
from meetings.models import Decision, DecisionEffect, record_decision
from tests.activities.helpers import queries_for
from tests.factories import make_activity, make_agreement, make_statuses

from .helpers import meeting_world

pytestmark = pytest.mark.django_db

DECIDED_ON = datetime.date(2024, 3, 14)


@pytest.fixture
def world(agreement, cast):
    world = meeting_world(agreement, cast)
    world.decision = record_decision(
        world.body, item=world.item, text="Feriepraktiken utgår.", decided_on=DECIDED_ON, by=cast["official"]
    )
    world.statuses = make_statuses(agreement)
    return world


def status_url(decision):
    return reverse("meetings:decision_plan_status", args=[decision.pk])


def status_post(activity, status, **fields):
    return {
        "plan-activity": activity.pk,
        "plan-status": status.pk,
        "plan-effective_on": DECIDED_ON.isoformat(),
        "plan-comment": "Enligt beslutet.",
        "plan-execution": "",
    } | {f"plan-{name}": value for name, value in fields.items()}


def section(html: str, heading_id: str) -> str:
    """The <section> of the page labelled by `heading_id`."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def link_to(decision) -> str:
    return f'<a href="{decision.get_absolute_url()}">Beslut {decision.label}</a>'


def test_a_convenor_drops_an_activity_by_decision_and_both_pages_show_the_link(world, agreement, cast, login):
    activity = make_activity(agreement, "Feriepraktik")
    client = login(cast["official"])  # the body's convenor

    response = client.post(status_url(world.decision), status_post(activity, world.statuses["dropped"]))

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == world.statuses["dropped"]
    change = StatusChange.objects.get(activity=activity)
    assert (change.from_status, change.to_status) == (world.statuses["initiated"], world.statuses["dropped"])
    assert (change.effective_on, change.changed_by, change.comment) == (
        DECIDED_ON,
        cast["official"],
        "Enligt beslutet.",
    )
    last = activity.history.latest("history_date")
    assert (last.status_id, last.history_user) == (world.statuses["dropped"].pk, cast["official"])
    assert DecisionEffect.objects.get().status_change == change

    page = login(cast["strategic"]).get(activity.get_absolute_url()).content.decode()
    entries = section(page, "status-changes-heading")
    assert "Enligt beslutet." in entries and link_to(world.decision) in entries

    decision_page = login(cast["strategic"]).get(world.decision.get_absolute_url()).content.decode()
    carried_out = section(decision_page, "effects-heading")
    assert f'<a href="{activity.get_absolute_url()}">Feriepraktik</a>' in carried_out
    assert "◔ Initierad/delvis igång → ✕ Utgår, gällde från 2024-03-14" in carried_out


def test_a_decision_adds_a_new_activity_whose_history_names_the_decision(world, agreement, cast, login):
    area = agreement.goal_areas.get()
    client = login(cast["official"])

    response = client.post(
        reverse("meetings:decision_plan_activity", args=[world.decision.pk]),
        {"new-name": "Sommarlovsaktiviteter", "new-goal_areas": [area.pk], "new-execution": ""},
    )

    assert response.status_code == 302
    activity = Activity.objects.get(name="Sommarlovsaktiviteter")
    assert (activity.agreement, activity.status, list(activity.goal_areas.all())) == (
        agreement,
        world.statuses["initiated"],  # the plan's default
        [area],
    )
    assert activity.history.get(history_type="+").history_user == cast["official"]
    page = login(cast["strategic"]).get(activity.get_absolute_url()).content.decode()
    assert f"Skapade aktiviteten. {link_to(world.decision)}" in section(page, "history-heading")
    decision_page = login(cast["strategic"]).get(world.decision.get_absolute_url()).content.decode()
    assert f'Tillagd i planen: <a href="{activity.get_absolute_url()}">' in section(decision_page, "effects-heading")

    again = client.post(
        reverse("meetings:decision_plan_activity", args=[world.decision.pk]),
        {"new-name": "Sommarlovsaktiviteter", "new-goal_areas": [area.pk], "new-execution": ""},
    )
    assert "har redan lagt till ”Sommarlovsaktiviteter” i planen" in again.content.decode()
    assert Activity.objects.filter(name="Sommarlovsaktiviteter").count() == 1


def test_after_the_minutes_are_approved_it_is_still_carried_out_and_execution_moves_only_when_asked(
    world, agreement, cast, login
):
    activity = make_activity(agreement, "Feriepraktik")
    world.meeting.approve(cast["strategic"])
    client = login(cast["official"])

    client.post(status_url(world.decision), status_post(activity, world.statuses["ongoing"]))
    world.decision.refresh_from_db()
    assert activity.status_changes.count() == 1
    assert world.decision.execution == Decision.Execution.NOT_STARTED

    client.post(status_url(world.decision), status_post(activity, world.statuses["finished"], execution="done"))
    world.decision.refresh_from_db()
    assert activity.status_changes.count() == 2
    assert world.decision.execution == Decision.Execution.DONE
    assert world.decision.history.latest("history_date").history_user == cast["official"]


def test_only_the_bodys_convenors_and_secretaries_carry_a_decision_out(world, agreement, cast, login):
    activity = make_activity(agreement, "Feriepraktik")
    dropped = world.statuses["dropped"]
    # The strategic member sits in the body and sees the decision, but neither convenes nor takes minutes.
    assert login(cast["strategic"]).post(status_url(world.decision), status_post(activity, dropped)).status_code == 403
    assert login(cast["outsider"]).post(status_url(world.decision), status_post(activity, dropped)).status_code == 404
    assert login(cast["official"]).get(status_url(world.decision)).status_code == 405
    page = login(cast["strategic"]).get(world.decision.get_absolute_url()).content.decode()
    assert "Genomför i planen" not in page
    activity.refresh_from_db()
    assert activity.status == world.statuses["initiated"]
    assert not StatusChange.objects.exists() and not DecisionEffect.objects.exists()


def test_an_activity_of_another_agreement_is_refused_in_swedish_and_nothing_changes(
    world, other_agreement, cast, login
):
    elsewhere = make_activity(other_agreement, "Annanstads feriepraktik")
    their_dropped = make_statuses(other_agreement)["dropped"]

    response = login(cast["official"]).post(
        status_url(world.decision), status_post(elsewhere, world.statuses["dropped"])
    )

    assert response.status_code == 200
    assert "Välj en aktivitet i planen för beslutets egen överenskommelse." in response.content.decode()
    with pytest.raises(ValidationError, match="hör till en annan överenskommelses plan"):
        world.decision.change_activity_status(elsewhere, their_dropped, by=cast["official"], comment="Utgår.")
    elsewhere.refresh_from_db()
    assert elsewhere.status.kind == "initiated"
    assert not StatusChange.objects.exists() and not DecisionEffect.objects.exists()


def test_a_change_dated_in_the_future_or_before_the_decision_is_refused(world, agreement, cast, login):
    activity = make_activity(agreement, "Feriepraktik")
    client = login(cast["official"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    future = client.post(
        status_url(world.decision), status_post(activity, world.statuses["dropped"], effective_on=tomorrow)
    )
    early = client.post(
        status_url(world.decision), status_post(activity, world.statuses["dropped"], effective_on="2024-03-13")
    )

    assert "En ändring kan inte gälla från en dag i framtiden." in future.content.decode()
    assert "Beslutet fattades 2024-03-14; en ändring som det gjorde kan inte gälla från före dess." in (
        early.content.decode()
    )
    # The model holds both rules too, not only the form.
    for day, refusal in [(tomorrow, "efter den dag"), (datetime.date(2024, 3, 13), "Beslutet fattades 2024-03-14")]:
        with pytest.raises(ValidationError, match=refusal):
            world.decision.change_activity_status(
                activity, world.statuses["dropped"], by=cast["official"], comment="Utgår.", effective_on=day
            )
    activity.refresh_from_db()
    assert activity.status == world.statuses["initiated"]
    assert not StatusChange.objects.exists() and not DecisionEffect.objects.exists()


def test_the_activity_page_reads_its_decisions_in_as_many_queries_for_six_as_for_one(world, agreement, cast, login):
    activity = make_activity(agreement, "Feriepraktik")
    statuses = [world.statuses[kind] for kind in ("ongoing", "finished")]
    client = login(cast["strategic"])

    def decide_and_change(n: int) -> None:
        decision = record_decision(
            world.body, item=world.item, text=f"Beslut {n}", decided_on=DECIDED_ON, by=cast["official"]
        )
        decision.change_activity_status(activity, statuses[n % 2], by=cast["official"], comment=f"Steg {n}")
        activity.refresh_from_db()

    decide_and_change(0)
    one = queries_for(client, activity.get_absolute_url())
    for n in range(1, 6):
        decide_and_change(n)
    assert DecisionEffect.objects.count() == 6
    six = queries_for(client, activity.get_absolute_url())
    page = client.get(activity.get_absolute_url()).content.decode()
    assert section(page, "status-changes-heading").count(">Beslut ") == 6
    assert six == one


def test_an_appendix_version_is_linked_to_the_decision_that_made_it_and_only_once(
    world, agreement, other_agreement, cast, login
):
    def version_of(of_agreement):
        appendix = Appendix.objects.create(agreement=of_agreement, number=1, title="Lägesbild")
        return appendix.record_version(decided_on=DECIDED_ON, decided_by="Arbetsgruppen 2024-03-14", text="Ny bild.")

    ours, theirs = version_of(agreement), version_of(other_agreement)
    url = reverse("meetings:decision_plan_appendix", args=[world.decision.pk])
    client = login(cast["official"])

    refused = client.post(url, {"appendix-appendix_version": theirs.pk, "appendix-execution": ""})
    assert "Välj en version av överenskommelsens bilagor" in refused.content.decode()
    assert client.post(url, {"appendix-appendix_version": ours.pk, "appendix-execution": ""}).status_code == 302
    assert DecisionEffect.objects.get().appendix_version == ours
    page = client.get(world.decision.get_absolute_url()).content.decode()
    assert "Bilaga 1: Lägesbild, version 1" in section(page, "effects-heading")
    with pytest.raises(ValidationError, match="redan kopplad"):
        world.decision.link_appendix_version(ours, by=cast["official"])
    assert DecisionEffect.objects.count() == 1


def test_a_drafts_appendix_that_a_decision_made_a_version_of_is_not_removed_with_the_decisions_record(cast, login):
    draft = make_agreement("Samverkansöverenskommelse Utkaststad")
    world = meeting_world(draft, cast)
    decision = record_decision(
        world.body, item=world.item, text="Lägesbilden antas.", decided_on=DECIDED_ON, by=cast["official"]
    )
    appendix = Appendix.add_to(draft, title="Lägesbild", text="Bilden inför undertecknandet.")
    decision.link_appendix_version(appendix.versions.get(), by=cast["official"])

    page = login(cast["admin"]).post(reverse("agreements:appendix_remove", args=[draft.pk, appendix.pk]))

    assert page.status_code == 409 and "Ett beslut som förts in från ett möte" in page.content.decode()
    with pytest.raises(ValidationError):
        appendix.delete()  # the admin and the shell alike
    assert DecisionEffect.objects.filter(appendix_version__appendix=appendix).exists()


def test_an_activity_a_decision_made_is_not_deleted_from_under_the_record_of_it(world, agreement, cast, login):
    effect = world.decision.add_activity(
        name="Sommarlovsaktiviteter", goal_areas=[agreement.goal_areas.get()], by=cast["official"]
    )
    activity = effect.activity

    with pytest.raises(ProtectedError):
        activity.delete()  # the shell
    admin = login(User.objects.create_superuser("root", password="x-long-password-1"))
    url = reverse("admin:activities_activity_delete", args=[activity.pk])
    page = admin.get(url)
    assert page.status_code == 200 and "skyddade" in page.content.decode()  # the admin says why, offers no delete
    admin.post(url, {"post": "yes"})
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert DecisionEffect.objects.filter(pk=effect.pk).exists()
