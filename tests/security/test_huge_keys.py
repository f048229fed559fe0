"""A key no integer column can hold, posted to any multiple choice of rows: refused as an invalid choice, never a
500 (samverkan/lookups.py). Every model with a many-to-many field gets its default form field tried, the one the
Django admin and any plain ModelForm use, on the database the suite runs on."""

import pytest
from django.apps import apps
from django.db import models
from django.forms import ModelMultipleChoiceField, ValidationError

from activities.models import Activity

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"

MANY_TO_MANY = [
    (model, field)
    for model in apps.get_models()
    if model._meta.app_label not in {"auth", "admin", "contenttypes", "sessions", "axes"}
    for field in model._meta.many_to_many
]


def test_the_project_has_many_to_many_fields_to_try():
    assert len(MANY_TO_MANY) >= 5


@pytest.mark.parametrize("model, field", MANY_TO_MANY, ids=lambda v: getattr(v, "label", getattr(v, "name", v)))
def test_a_huge_key_in_a_multiple_choice_is_an_invalid_choice(model, field):
    form_field = field.formfield()
    assert isinstance(form_field, ModelMultipleChoiceField)
    with pytest.raises(ValidationError) as refused:
        form_field.clean([HUGE])
    assert refused.value.code == "invalid_pk_value" or refused.value.code == "invalid_choice"


def test_a_huge_key_among_real_ones_matches_only_the_real_ones(agreement):
    from tests.factories import make_activity

    real = make_activity(agreement, "Trygghetsvandring")
    assert list(Activity.objects.filter(pk__in=[real.pk, int(HUGE), -int(HUGE)])) == [real]
    assert not Activity.objects.filter(pk__in=[int(HUGE)]).exists()
    assert isinstance(Activity._meta.pk, models.AutoField | models.BigAutoField)
