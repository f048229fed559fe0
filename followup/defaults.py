"""The evaluation scale an agreement starts with when it has none. Data: renamed or replaced in the admin."""

from __future__ import annotations

from agreements.models import Agreement

from .models import Judgement

# 002_… asks whether the intended effect was reached (goal attainment) and whether the promised measure was
# carried out (process); these three steps answer both. Best first.
DEFAULT_SCALE = ["Uppnått", "Delvis uppnått", "Ej uppnått"]


def ensure_scale(agreement: Agreement) -> list[Judgement]:
    judgements = list(agreement.judgements.all())
    if judgements:
        return judgements
    return [
        Judgement.objects.create(agreement=agreement, order=order, name=name)
        for order, name in enumerate(DEFAULT_SCALE)
    ]
