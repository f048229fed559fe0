"""What a page read and worked out, kept until the database changes: the plan a board shows, a quarter's dashboard.

A result is kept under a key of where it is from, what was asked (plain values only), the language and time
zone, and the state of the database when the view was entered. That state is read from the database
itself, not from a list of what saves what:

- SQLite: `PRAGMA data_version`, which changes when any other connection commits, with the connection's own
  `total_changes()` and an identity given to each new connection (both count per connection);
- PostgreSQL: the current snapshot (`pg_current_snapshot()`), which changes when any transaction that may have
  written commits.

So any commit, by any path (the portal's pages, the admin, a management command, the shell, raw SQL, a trigger,
another worker), is a new state, and nothing worked out before it is served after it. The state is read as the
view is entered (`@keeps_results`), before it reads anything, so what it then reads is at least as new as its
key says, never older; such a view reads only (a view that wrote before asking could be given what was worked
out without its write). A request that may write (not GET or HEAD) and any work inside a transaction (whose
writes may yet be rolled back; the tests run in one) keep and serve nothing: they work everything out as before.
Results of earlier states are never asked for again and age out as the bound requires.

Values are kept pickled, at most `KEPT_BYTES` in all (fragments.Kept): each request unpickles its own copy, so
nothing a view does to a result reaches the next request. Unpickling hundreds of objects costs about as much as
reading them, though: a caller that only reads what it is given (the plan pages, which build new cards and
columns from it) asks for the result itself, `shared`, which counts its pickled size against the same bound.
"""

from __future__ import annotations

import contextvars
import functools
import pickle
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from .fragments import PLAIN_TYPES, Kept, digest

# A worker's results (a board of 400 activities: about 0.8 MB pickled, a dashboard 0.1). What is
# kept shared takes a few times its pickled size in memory.
KEPT_BYTES = 16 * 1024 * 1024
READING_METHODS = {"GET", "HEAD"}

T = TypeVar("T")

kept = Kept(KEPT_BYTES)
_state: contextvars.ContextVar[str | None] = contextvars.ContextVar("database_state", default=None)


@receiver(connection_created)
def _name_connection(sender, connection, **kwargs) -> None:
    # SQLite's counters are the connection's own: a new connection (or the same wrapper reconnected) starts
    # them again, so each connection's states are told apart by a name of its own.
    connection.kept_results_identity = uuid.uuid4().hex


def database_state() -> str | None:
    """The database's state as this connection sees it now (see the module's docstring); None where it cannot
    be told (inside a transaction, or a database other than SQLite and PostgreSQL)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        return None
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT data_version, total_changes() FROM pragma_data_version()")
            version, changes = cursor.fetchone()
            identity = getattr(connection, "kept_results_identity", None)
            if identity is None:  # connected before this module was imported: named now, once
                _name_connection(None, connection)
                identity = connection.kept_results_identity
            return f"sqlite:{identity}:{version}:{changes}"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_current_snapshot()::text")
            return f"postgresql:{cursor.fetchone()[0]}"
    return None


@contextmanager
def state_of_request(method: str) -> Iterator[None]:
    """Within: results are kept under the database's state read on entering (for a reading request only)."""
    token = _state.set(database_state() if method in READING_METHODS else None)
    try:
        yield
    finally:
        _state.reset(token)


def keeps_results(view):
    """A reading view whose `kept_result`s are kept under the database's state as the view is entered."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with state_of_request(request.method):
            return view(request, *args, **kwargs)

    return wrapped


def _plain(value) -> bool:
    if type(value) is tuple:
        return all(_plain(item) for item in value)
    return type(value) in PLAIN_TYPES


class Shared:
    """A result kept as it is (`kept_result(shared=True)`), with the size of its pickle for the bound."""

    __slots__ = ("value", "size")

    def __init__(self, value):
        self.value = value
        self.size = len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def __sizeof__(self) -> int:
        return self.size


def kept_result(name: str, asked: tuple, work_out: Callable[[], T], *, shared: bool = False) -> T:
    """`work_out()`, or a copy of what it gave for the same `name` and `asked` in the same database state
    (with `shared`: what it gave, the same object for every request; the caller must not change it).

    `work_out` must depend on nothing but the database, `asked` (the validated values it was given) and the
    language and time zone: a moment, a user's rights or a filter goes into `asked`.
    """
    if not _plain(asked):
        raise TypeError(f"{name}: a kept result is asked for with plain values only, not {asked!r}")
    state = _state.get()
    if state is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return work_out()
    key = digest(repr((name, asked, state, get_language(), get_current_timezone_name())))
    found = kept.get_many([key]).get(key)
    if found is not None:
        return found.value if shared else pickle.loads(found)  # noqa: S301 (pickled by this process, below)
    value = work_out()
    kept.set_many({key: Shared(value) if shared else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)})
    return value
