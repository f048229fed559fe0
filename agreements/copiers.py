"""What `agreements` itself lets a new agreement copy from another (see agreements.structure): its parties,
principles, time horizons, goal areas and, on request, its signatories.

Each copier adds what the target lacks and leaves what it has: a row is matched by what people tell it apart
by (a party by the organisation, a goal area by its code or, unlettered, its title, the rest by name), so copying
twice copies nothing twice and a part the admin already entered by hand is not overwritten. Every row goes
through `full_clean()` and `save()`, so the models' rules hold and each copy has its history row, naming `by`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models, transaction
from django.utils.translation import ngettext

from .models import Agreement


def copy_rows(
    source: Agreement,
    target: Agreement,
    relation: str,
    *,
    key: Callable[[models.Model], object],
    fields: tuple[str, ...],
    by,
    adjust: Callable[[models.Model], None] | None = None,
) -> int:
    """Copy each row of `source`'s `relation` into `target` unless `target` has one with the same `key`; returns how
    many it made. `adjust` changes a copy before it is checked and saved."""
    rows = getattr(source, relation).all()
    taken = {key(row) for row in rows.model.objects.filter(agreement=target)}
    made = 0
    for row in rows:
        if key(row) in taken:
            continue
        copy = type(row)(agreement=target, **{name: getattr(row, name) for name in fields})
        if adjust is not None:
            adjust(copy)
        save_copy(copy, by)
        taken.add(key(copy))
        made += 1
    return made


def save_copy(row: models.Model, by) -> None:
    """Save a copied row through the model's rules, its history row naming `by`."""
    row.full_clean()
    if by is not None:
        row._history_user = by
    row.save()


@transaction.atomic
def copy_parties(source: Agreement, target: Agreement, *, by) -> int:
    """The same organisations, with the short names the text uses. When a party joined the old agreement is
    not copied: in the new one it is a party from the start."""
    return copy_rows(
        source,
        target,
        "agreement_parties",
        key=lambda row: row.party_id,
        fields=("party", "short_name", "order"),
        by=by,
    )


@transaction.atomic
def copy_principles(source: Agreement, target: Agreement, *, by) -> int:
    return copy_rows(
        source,
        target,
        "principles",
        key=lambda row: row.name,
        fields=("order", "name", "sentence"),
        by=by,
    )


@transaction.atomic
def copy_time_horizons(source: Agreement, target: Agreement, *, by) -> int:
    # By name, as carrying activities over finds an activity's time horizon in the new agreement.
    return copy_rows(
        source,
        target,
        "time_horizons",
        key=lambda row: row.name,
        fields=("order", "name", "focus", "span", "description"),
        by=by,
    )


@transaction.atomic
def copy_goal_areas(source: Agreement, target: Agreement, *, by) -> int:
    # By code, or by title where the agreement letters none, as carrying activities over matches them.
    return copy_rows(
        source,
        target,
        "goal_areas",
        key=lambda row: row.short_label,
        fields=("order", "code", "title", "criteria"),
        by=by,
    )


@transaction.atomic
def copy_signatories(source: Agreement, target: Agreement, *, by) -> int:
    """Who signs for each party, as not yet signed: the new agreement is signed afresh. A signatory signs for the
    same party where the new agreement has it (its parties are copied first), else for none yet (a signatory's party
    is one of the agreement's), under the same organisation's name."""
    parties = set(target.agreement_parties.values_list("party_id", flat=True))

    def for_a_party_of_the_target(copy) -> None:
        if copy.party_id not in parties:
            copy.party = None

    return copy_rows(
        source,
        target,
        "signatories",
        key=lambda row: (row.name, row.organisation),
        fields=("order", "name", "title", "organisation", "party"),
        by=by,
        adjust=for_a_party_of_the_target,
    )


def describe_goal_areas(count: int, target: Agreement) -> str:
    # In the agreement's own word: "8 målområden", "3 fokusområden".
    return f"{count} {target.goal_area_term if count == 1 else target.goal_area_term_plural}"


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from .structure import register_copier

    register_copier(
        "parties",
        _("Parties"),
        copy_parties,
        order=10,
        describe=lambda n, target: ngettext("%(count)s party", "%(count)s parties", n) % {"count": n},
    )
    register_copier(
        "principles",
        _("Principles (strategy)"),
        copy_principles,
        order=12,
        describe=lambda n, target: ngettext("%(count)s principle", "%(count)s principles", n) % {"count": n},
    )
    register_copier(
        "time_horizons",
        _("Time horizons"),
        copy_time_horizons,
        order=14,
        describe=lambda n, target: ngettext("%(count)s time horizon", "%(count)s time horizons", n) % {"count": n},
    )
    register_copier("goal_areas", _("Goal areas"), copy_goal_areas, order=16, describe=describe_goal_areas)
    # Left unticked: the people who sign usually change between two agreements.
    register_copier(
        "signatories",
        _("Signatories, not yet signed (check the names: people change)"),
        copy_signatories,
        order=40,
        describe=lambda n, target: ngettext("%(count)s signatory", "%(count)s signatories", n) % {"count": n},
        initial=False,
    )
