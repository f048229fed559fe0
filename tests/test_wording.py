"""Counts in words agree with their number in Swedish: “1 ny”, “2 nya”; “1 ändrad”, “0 ändrade”."""

import pytest
from django.utils import translation

from samverkan.wording import tally


@pytest.mark.parametrize(
    ("counts", "said"),
    [
        ((1, 1, 1), "1 ny, 1 ändrad, 1 oförändrad"),
        ((0, 2, 27), "0 nya, 2 ändrade, 27 oförändrade"),
    ],
)
def test_an_imports_tally_agrees_with_each_number(counts, said):
    with translation.override("sv"):
        assert tally(*counts) == said
