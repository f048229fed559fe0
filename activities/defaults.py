"""The statuses an agreement starts with when it has none: the Västerås wording and colours.

Statuses are data (see DOMAIN.md); these rows are only created for an agreement that has no statuses yet, and
can be renamed or recoloured in the admin afterwards.
"""

from __future__ import annotations

from agreements.models import Agreement

from .models import Status

# name, kind, colour, symbol. The colours follow the sheet's legend (yellow, green, red); dropped is grey.
VASTERAS_STATUSES = [
    ("Initierad/delvis igång", Status.Kind.INITIATED, "#fff2b3", "◔"),
    ("Pågår", Status.Kind.ONGOING, "#cfeccf", "◑"),
    ("Avslutad", Status.Kind.FINISHED, "#f6d0d0", "●"),
    ("Utgår", Status.Kind.DROPPED, "#e3e3e3", "✕"),
]


def ensure_statuses(agreement: Agreement) -> list[Status]:
    """The agreement's statuses, creating the Västerås four first if it has none."""
    statuses = list(agreement.statuses.all())
    if statuses:
        return statuses
    return [
        Status.objects.create(
            agreement=agreement,
            name=name,
            kind=kind,
            colour=colour,
            symbol=symbol,
            order=order,
            is_default=order == 0,
        )
        for order, (name, kind, colour, symbol) in enumerate(VASTERAS_STATUSES)
    ]
