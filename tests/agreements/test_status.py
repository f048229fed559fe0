import datetime

from agreements.models import Agreement
from tests.factories import make_agreement


def test_agreement_that_lapsed_before_its_successor_began_is_expired(db):
    old = make_agreement(
        "Gamla", signed=True, valid_from=datetime.date(2019, 11, 6), valid_until=datetime.date(2023, 3, 1)
    )
    make_agreement("Nya", signed=True, predecessor=old)
    old.refresh_from_db()
    assert old.status_on(datetime.date(2024, 1, 1)) == Agreement.Status.EXPIRED


def test_agreement_replaced_while_still_valid_is_superseded(db):
    old = make_agreement(
        "Gamla", signed=True, valid_from=datetime.date(2019, 1, 1), valid_until=datetime.date(2025, 1, 1)
    )
    make_agreement("Nya", signed=True, predecessor=old)
    old.refresh_from_db()
    assert old.status_on(datetime.date(2024, 1, 1)) == Agreement.Status.SUPERSEDED


def test_draft_stays_draft_whatever_the_dates(db):
    assert make_agreement().status_on(datetime.date(2024, 1, 1)) == Agreement.Status.DRAFT
