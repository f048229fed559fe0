"""The import confirm against real concurrent writers, on PostgreSQL (row locks)."""

import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from activities.models import Activity, ImportChangeSet, StaleVersionError
from activities.transfer import importer
from activities.transfer.export import export_workbook
from activities.transfer.importer import import_workbook
from tests.factories import make_activity, make_agreement, make_statuses, make_user

from .sheets import add_goal_areas, real_plan, workbook_bytes

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _run_together(*targets):
    """Run each target in its own thread; returns what each raised (None when it returned)."""
    failures = [None] * len(targets)

    def run(index, target):
        try:
            target()
        except Exception as error:  # a thread cannot fail the test itself: reported to the caller
            failures[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return failures


def test_two_admins_confirming_the_same_file_at_once_import_it_once():
    agreement = make_agreement()
    add_goal_areas(agreement)
    data = real_plan()
    start = threading.Barrier(2)
    plans = []

    def confirm():
        start.wait()
        plans.append(import_workbook(data, agreement))

    assert _run_together(confirm, confirm) == [None, None]
    assert sorted(plan.count("create") for plan in plans) == [0, 27]
    assert Activity.objects.filter(agreement=agreement).count() == 27


def test_a_double_submitted_confirm_applies_the_change_set_once():
    agreement = make_agreement()
    add_goal_areas(agreement)
    admin = make_user("admin", admin=True)
    change_set = importer.store(importer.plan_import(real_plan(), agreement), by=admin, file_name="plan.xlsx")
    start = threading.Barrier(2)

    def confirm():
        start.wait()
        importer.confirm(change_set, by=admin)

    failures = _run_together(confirm, confirm)
    assert sorted(type(failure).__name__ for failure in failures) == ["AlreadyApplied", "NoneType"]
    assert Activity.objects.filter(agreement=agreement).count() == 27
    assert ImportChangeSet.objects.get().applied_at is not None


def test_an_edit_saved_during_a_long_confirm_waits_and_is_refused_as_stale_and_the_confirm_never_fails(
    monkeypatch,
):
    agreement = make_agreement()
    add_goal_areas(agreement)
    make_statuses(agreement)
    activity = make_activity(agreement, "Trygghetsvandringar", method="Gammal")
    admin = make_user("admin", admin=True)
    data = workbook_bytes([{"name": "Trygghetsvandringar", "goal_areas": "A", "method": "Ny från filen"}])
    client = Client()
    client.force_login(admin)
    page = client.post(
        reverse("activities:import", kwargs={"agreement_pk": agreement.pk}),
        {"file": SimpleUploadedFile("plan.xlsx", data)},
    )
    token = ImportChangeSet.objects.get().token
    assert page.status_code == 200
    locked, edited = threading.Event(), []
    apply_entries = importer._apply_entries

    def slow_apply(*args, **kwargs):
        locked.set()  # the confirm holds its locks now
        time.sleep(1.0)
        return apply_entries(*args, **kwargs)

    monkeypatch.setattr(importer, "_apply_entries", slow_apply)
    responses = []

    def confirm():
        url = reverse("activities:import_confirm", kwargs={"agreement_pk": agreement.pk})
        responses.append(client.post(url, {"token": token}))

    def edit():
        locked.wait(10)
        official = Activity.objects.get(pk=activity.pk)  # the version the official's form was opened at
        official.method = "Officialens text"
        try:
            official.save_if_current(official.version)
            edited.append("saved")
        except StaleVersionError:
            edited.append("stale")

    assert _run_together(confirm, edit) == [None, None]
    assert [response.status_code for response in responses] == [302]
    assert edited == ["stale"]  # it waited for the import, then met the newer version: the edit page's merge
    activity.refresh_from_db()
    assert activity.method == "Ny från filen"


def test_an_edit_saved_just_before_the_confirm_makes_it_refuse_and_show_a_fresh_preview():
    agreement = make_agreement()
    add_goal_areas(agreement)
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, "Trygghetsvandringar")
    admin = make_user("admin", admin=True)
    change_set = importer.store(
        importer.plan_import(export_workbook(agreement), agreement), by=admin, file_name="plan.xlsx"
    )
    start = threading.Barrier(2)
    outcomes = []

    def confirm():
        start.wait()
        time.sleep(0.2)
        try:
            importer.confirm(change_set, by=admin)
            outcomes.append("applied")
        except importer.ChangeSetStale as stale:
            outcomes.append([item.action for item in stale.fresh.activities])

    def edit():
        start.wait()
        Activity.objects.get(pk=activity.pk).set_status(statuses["ongoing"], by=None, comment="Igång")

    assert _run_together(confirm, edit) == [None, None]
    assert outcomes == [["change"]]
    activity.refresh_from_db()
    assert activity.status == statuses["ongoing"]
