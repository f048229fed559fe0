"""The decisions behind an activity's changes, as the activity page shows them ("Beslut SL 2024:3").

Registered with activities.sources when the app starts: the activity page lives below this app and asks.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from activities.models import Activity
from activities.sources import ChangeSources, Source

from .access import visible_decisions
from .decision_models import DecisionEffect


def decision_sources(activity: Activity, user) -> ChangeSources:
    """One query, however many decisions: only those `user` may open (the register's rule)."""
    found = ChangeSources()
    effects = DecisionEffect.objects.filter(activity=activity, decision__in=visible_decisions(user)).select_related(
        "decision__body"
    )
    for effect in effects:
        decision = effect.decision
        source = Source(_("Decision %(label)s") % {"label": decision.label}, decision.get_absolute_url())
        if effect.kind == DecisionEffect.Kind.CREATED:
            found.created.append(source)
        else:
            found.status_changes.setdefault(effect.status_change_id, []).append(source)
    return found
