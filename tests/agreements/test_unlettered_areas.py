"""A goal area without a code is known by its title, so two in one agreement cannot share one."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from agreements.models import GoalArea
from tests.factories import make_agreement

pytestmark = pytest.mark.django_db


def test_two_unlettered_areas_may_not_share_a_title_in_any_case():
    agreement = make_agreement()
    GoalArea.objects.create(agreement=agreement, title="Trygg stadsmiljö")
    twin = GoalArea(agreement=agreement, title="TRYGG STADSMILJÖ")
    with translation.override("sv"), pytest.raises(ValidationError, match="utan kod har redan den rubriken"):
        twin.full_clean()
    # The database refuses one too (SQLite's lower case knows A–Z only, hence an ASCII title here).
    GoalArea.objects.create(agreement=agreement, title="Unga och skola")
    with pytest.raises(IntegrityError), transaction.atomic():
        GoalArea.objects.create(agreement=agreement, title="UNGA OCH SKOLA")
    # Lettered areas and other agreements are free to.
    GoalArea.objects.create(agreement=agreement, code="B", title="Trygg stadsmiljö")
    GoalArea.objects.create(agreement=make_agreement("Annan"), title="Trygg stadsmiljö")
