"""Limits on what one request can make the portal keep: every free-text field has a maximum length (model and
form, a Swedish message, nothing saved), an imported cell is held to the same, and a request body larger than
the portal accepts is refused with 413 before anything reads it."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse

from activities.models import Activity, StatusChange
from agreements.limits import LONG_TEXT, TEXT
from tests.activities.sheets import add_goal_areas, workbook_bytes
from tests.factories import make_activity, make_statuses

OUR_APPS = {"agreements", "activities", "followup", "meetings", "reports", "reminders", "home", "public_site"}


def free_text_fields():
    for model in apps.get_models():
        if model._meta.app_label in OUR_APPS and not model.__name__.startswith("Historical"):
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField) and not field.choices:
                    yield model, field


def test_every_free_text_field_has_a_maximum_length_the_model_itself_checks():
    unlimited = []
    for model, field in free_text_fields():
        limits = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
        if not field.max_length or not limits or max(limits) > LONG_TEXT:
            unlimited.append(f"{model._meta.label}.{field.name}")
    assert unlimited == []


def test_a_text_over_its_limit_is_refused_by_the_model_whatever_calls_it(agreement):
    activity = make_activity(agreement)
    activity.background = "x" * (TEXT + 1)
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert "background" in refused.value.message_dict


def test_an_over_long_status_comment_is_refused_with_a_swedish_message_and_nothing_saved(cast, login, agreement):
    statuses = make_statuses(agreement)
    activity = make_activity(agreement, handled_by=cast["official"])
    prefix = f"activity-{activity.pk}"
    response = login(cast["official"]).post(
        reverse("activities:status", args=[activity.pk]),
        {
            f"{prefix}-status": statuses["ongoing"].pk,
            f"{prefix}-comment": "å" * (TEXT + 1),
            f"{prefix}-version": activity.version,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"högst {TEXT} tecken" in page or f"som mest {TEXT} tecken" in page
    assert not StatusChange.objects.filter(activity=activity).exists()
    activity.refresh_from_db()
    assert activity.status == statuses["initiated"]


def test_an_over_long_agreement_text_is_refused_in_its_form(cast, login, agreement):
    from agreements.models import Agreement

    field = Agreement._meta.get_field("work_model")
    assert field.formfield().max_length == LONG_TEXT
    assert field.formfield().widget.attrs["maxlength"] == str(LONG_TEXT)


def test_an_imported_cell_longer_than_its_field_is_refused_with_its_row(db):
    from activities.transfer.importer import import_workbook
    from tests.factories import make_agreement

    agreement = make_agreement()
    add_goal_areas(agreement)
    # A megabyte of repeated text compresses into a few kilobytes of .xlsx: the upload limit alone bounds nothing.
    data = workbook_bytes([{"name": "Trygghetsvandring", "goal_areas": "A", "method": "lång text " * 3_000}])
    assert len(data) < 100_000
    plan = import_workbook(data, agreement)
    assert not plan.is_valid
    assert any("är längre än 5000 tecken" in str(problem) for problem in plan.errors), plan.errors
    assert not Activity.objects.exists()


@pytest.fixture
def small_body_limits(settings):
    settings.MAX_REQUEST_BYTES = 10_000
    settings.MAX_UPLOAD_REQUEST_BYTES = 50_000


def test_a_request_body_over_the_limit_is_refused_before_any_view_or_csrf_check_reads_it(db, client, small_body_limits):
    response = client.generic(
        "POST", reverse("login"), "username=" + "x" * 20_000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "För mycket data" in page and "Inget sparades" in page
    assert response.headers["Content-Security-Policy"]


def test_upload_pages_accept_a_larger_body_but_not_an_unlimited_one(cast, login, agreement, small_body_limits):
    client = login(cast["admin"])
    url = reverse("activities:import", kwargs={"agreement_pk": agreement.pk})
    body = b"x" * 20_000
    accepted = client.generic("POST", url, body, content_type="application/octet-stream")
    assert accepted.status_code != 413
    refused = client.generic("POST", url, body * 3, content_type="application/octet-stream")
    assert refused.status_code == 413
    other = client.generic("POST", reverse("activities:mine"), body, content_type="application/octet-stream")
    assert other.status_code == 413
