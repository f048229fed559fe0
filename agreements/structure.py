"""What a new agreement can copy from another one: its structure, as each part of the portal defines it.

An agreement's structure is spread over the apps built on top of it (statuses and districts in `activities`,
bodies in `meetings`, ...), and `agreements` imports none of them. So each app registers, in its
`AppConfig.ready()`, a copier for what it owns; the page that sets up the next agreement offers one choice per
registered copier and runs the chosen ones.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Agreement

# copy(source, target, by=user) -> how many things it copied
Copy = Callable[..., int]
# describe(count, target) -> "8 målområden": what the page says was copied
Describe = Callable[[int, "Agreement"], str]


def _describe_plainly(count: int, target: Agreement) -> str:
    return str(count)


@dataclass(frozen=True)
class Copier:
    key: str
    label: str  # what the choice says, translatable (gettext_lazy)
    copy: Copy
    order: int = 100
    describe: Describe = _describe_plainly
    # Ticked when the page is first shown; a part that usually changes with the new agreement is left unticked.
    initial: bool = True


_copiers: dict[str, Copier] = {}


def register_copier(
    key: str, label, copy: Copy, *, order: int = 100, describe: Describe | None = None, initial: bool = True
) -> None:
    """Offer `copy` when a new agreement is set up from another; registering a key again replaces it (reloads).

    A copier runs inside the transaction that creates the new agreement (a failure leaves nothing behind), must
    keep the models' rules (full_clean, history rows), and must copy nothing twice when run again.
    """
    _copiers[key] = Copier(key, label, copy, order, describe or _describe_plainly, initial)


def copiers() -> list[Copier]:
    return sorted(_copiers.values(), key=lambda copier: (copier.order, copier.key))


def copy_structure(source: Agreement, target: Agreement, keys: list[str], *, by) -> dict[str, int]:
    """Run the chosen copiers in their order; returns how many things each copied."""
    chosen = [copier for copier in copiers() if copier.key in keys]
    unknown = set(keys) - {copier.key for copier in chosen}
    if unknown:
        raise KeyError(f"No copier registered for {sorted(unknown)}")
    return {copier.key: copier.copy(source, target, by=by) for copier in chosen}


# What every new agreement starts with, whoever creates it (the portal's page, the admin): each app registers a
# starter for what it owns (activities: the default statuses, so an activity can be added at once). A starter
# must leave an agreement that already has its part as it is: it also runs for agreements set up by copying.
Start = Callable[["Agreement"], object]
_starters: dict[str, Start] = {}


def register_starter(key: str, start: Start) -> None:
    _starters[key] = start


def start_agreement(agreement: Agreement) -> None:
    """Give a newly created agreement what every agreement needs before its plan can be entered."""
    for key in sorted(_starters):
        _starters[key](agreement)
