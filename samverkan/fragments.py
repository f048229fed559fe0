"""Many fragments of one shape (board cards, matrix entries, public rows), each rendered once and then kept.

Django's template engine spends tens of microseconds on every node; a board of 400 cards spends most of its
time there although the cards rarely change. `render_each` keeps each fragment under a key derived, by the
code below and not by a list anyone keeps, from everything the fragment's template can read:

- the item handed to it, whole: every field of a dataclass, every loaded field of a model instance (and the
  related objects cached on it), every element of a list, recursively. A value of a kind not known here (a
  form, a queryset) is refused with TypeError rather than guessed at, so nothing it shows escapes the key;
- the source of the template file and of every template it includes or extends, transitively, read from the
  compiled template (an include by a name known only at render time is refused);
- the language and time zone.
The template is rendered with the item alone: no request, no user, no context processors. So what differs
between users (may this user change the activity?) must be in the item to show at all, and is then in the
key. Request data is never part of a key unless a caller puts it in the item: build links in items from
validated values (the plan's filters), not from the raw query string.

Changed content is a new key, and the old entry ages out. Only the fragments not kept yet are rendered,
each once however often it appears on the page. The page puts them in place with the `joined` filter
(`{% load fragments %}`), in one step rather than a template loop over hundreds of items.

They are kept in the worker's own memory, at most `KEPT_BYTES`, not in Django's cache framework: any worker
can render a fragment itself, so nothing is gained by sharing, and the framework's per-key checks and
pickling cost as much as rendering a small fragment.
"""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import functools
import operator
import sys
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from hashlib import blake2b

from django import template
from django.db.models import Model
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

KEPT_BYTES = 32 * 1024 * 1024  # a worker's fragments, keys and bookkeeping (a board of 400 cards: about 1 MB)
ENTRY_OVERHEAD = 100  # bytes the ordered dict spends per entry besides key and value (CPython, 64 bit)


class Kept:
    """The most recently used fragments (or other renders), at most `max_bytes` of them, oldest out first."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self.bytes = 0
        self.fragments: OrderedDict[str, SafeString | bytes] = OrderedDict()
        self.lock = threading.Lock()  # runserver and threaded workers render in parallel

    @staticmethod
    def size(key: str, value: SafeString | bytes) -> int:
        return sys.getsizeof(key) + sys.getsizeof(value) + ENTRY_OVERHEAD

    def get_many(self, keys) -> dict[str, SafeString | bytes]:
        found = {}
        with self.lock:
            for key in keys:
                fragment = self.fragments.get(key)
                if fragment is not None:
                    self.fragments.move_to_end(key)
                    found[key] = fragment
        return found

    def clear(self) -> None:
        with self.lock:
            self.fragments.clear()
            self.bytes = 0

    def set_many(self, fragments: dict[str, SafeString | bytes]) -> None:
        with self.lock:
            for key, value in fragments.items():
                size = self.size(key, value)
                if size > self.max_bytes:
                    continue  # would push out everything else and still not fit
                old = self.fragments.pop(key, None)
                if old is not None:
                    self.bytes -= self.size(key, old)
                self.fragments[key] = value
                self.bytes += size
            while self.bytes > self.max_bytes:
                key, value = self.fragments.popitem(last=False)
                self.bytes -= self.size(key, value)


kept = Kept(KEPT_BYTES)

# Values that stand for themselves in a key. A subclass (SafeString, a TextChoices member) keeps its type in
# the key: "<b>" as SafeString renders differently from "<b>" as str. A datetime is a date's subclass that stands
# for itself too: its repr, which the key is made of, differs from a date's and names its time zone.
PLAIN = (str, int, float, bool, type(None), decimal.Decimal, datetime.date, datetime.datetime, datetime.time, uuid.UUID)
PLAIN_TYPES = frozenset(PLAIN)  # `type(v) in` a set: one hash, where a tuple compares each in turn


def shape(value, memo: dict[int, object]):
    """`value` as nested tuples of plain values: everything a template can read of it, for a key.

    `memo` holds what was already shaped during one `render_each` (by object identity, so the objects must stay
    alive meanwhile): hundreds of rows share an agreement's few statuses and goal areas, each of which then
    stands in every row's key as one short digest of all its fields.
    """
    kind = type(value)
    if kind in PLAIN_TYPES:
        return value
    known = memo.get(id(value))
    if known is not None:
        return known
    # The loops below look items up in `memo` themselves, before calling: most are shared and shaped already.
    if kind is list or kind is tuple:
        shaped = tuple([v if type(v) in PLAIN_TYPES else memo.get(id(v)) or shape(v, memo) for v in value])
    elif (fields := dataclass_fields(kind)) is not None:
        # Fields only: properties (and cached properties) are computed from them.
        values = fields(value)
        shaped = (
            kind.__qualname__,
            *[v if type(v) in PLAIN_TYPES else memo.get(id(v)) or shape(v, memo) for v in values],
        )
    elif isinstance(value, Model):
        loaded = value.__dict__  # deferred fields are not there; reading one in a fragment would be a query
        fields = tuple(shape(loaded[f.attname], memo) for f in value._meta.concrete_fields if f.attname in loaded)
        related = tuple(sorted((name, shape(obj, memo)) for name, obj in value._state.fields_cache.items()))
        shaped = (value._meta.label, digest(repr((fields, related))))
    elif isinstance(value, PLAIN):
        shaped = (kind.__qualname__, value)
    elif isinstance(value, Promise):  # a lazy translation: the language is in the key
        shaped = str(value)
    elif kind is dict:
        shaped = ("dict", tuple(sorted((repr(k), shape(v, memo)) for k, v in value.items())))
    else:
        raise TypeError(f"a kept fragment cannot show a {kind.__qualname__}: it has no key (samverkan/fragments.py)")
    memo[id(value)] = shaped
    return shaped


@functools.cache
def dataclass_fields(kind: type) -> Callable[[object], tuple] | None:
    """What reads every field of a dataclass instance of `kind` at once (None: not a dataclass)."""
    if not dataclasses.is_dataclass(kind):
        return None
    getter = operator.attrgetter(*(f.name for f in dataclasses.fields(kind)))
    return getter if len(dataclasses.fields(kind)) > 1 else lambda value: (getter(value),)


def digest(text: str) -> str:
    return blake2b(text.encode(), digest_size=16).hexdigest()


def sources(compiled, seen: set[str]) -> list[str]:
    """The source of `compiled`'s file and of every template it includes or extends, each file once.

    `compiled` is an engine template or a partial (django-template-partials' TemplateProxy); a partial's
    whole file is read, so another partial of the same file that it includes is in it too.
    """
    origin = compiled.origin
    if origin.name in seen:
        return []
    seen.add(origin.name)
    found = [origin.name, origin.loader.get_contents(origin)]
    for node in compiled.nodelist.get_nodes_by_type((IncludeNode, ExtendsNode)):
        name = node.template if isinstance(node, IncludeNode) else node.parent_name
        if not isinstance(name.var, str) or name.filters:
            raise TypeError(f"{origin.template_name}: a kept fragment can include templates by their name only")
        found += sources(get_template(name.var).template, seen)
    return found


def template_digest(compiled) -> str:
    # Kept on the compiled template: the sources are read from disk. The loaders compile anew when any
    # template file changes (runserver's autoreloader resets them), so an edited file is a new digest.
    known = getattr(compiled, "_kept_digest", None)
    if known is None:
        known = compiled._kept_digest = digest("\0".join(sources(compiled, set())))
    return known


def source_digest(template_name: str) -> str:
    """The digest of a template's source and of all it includes (`"page.html#partial"`: its whole file), for a key
    of something kept rendered from it (samverkan/kept_results.py)."""
    return template_digest(get_template(template_name).template)


def render_each(name: str, items: Sequence, **into: str) -> None:
    """For each `attribute="page.html#partial"`, set that attribute of each item to the partial rendered with
    the item, and nothing else, as `name`: `render_each("card", cards, html="activities/board.html#card-item")`.

    Each item is shaped once, before any of its renders, however many partials show it.
    """
    memo: dict[int, object] = {}
    # Each item's shape is digested once; each partial's key joins it to the digest of what renders it.
    shapes = [digest(repr(shape(item, memo))) for item in items]
    for attribute, template_name in into.items():
        template = get_template(template_name)
        language, zone = get_language(), get_current_timezone_name()
        rendering = digest(repr((template_name, template_digest(template.template), language, zone)))
        keys = [rendering + item_shape for item_shape in shapes]
        found = kept.get_many(keys)
        new = {}
        for key, item in zip(keys, items, strict=True):
            if key not in found:
                found[key] = new[key] = template.render({name: item})
            setattr(item, attribute, found[key])
        if new:
            kept.set_many(new)


register = template.Library()  # the "fragments" template library (settings.TEMPLATES)


@register.filter
def joined(items: Sequence, attribute: str = "html") -> SafeString:
    """The fragments `render_each` set on `items`, one after the other: what `{% for item in items %}{{ item.html
    }}{% endfor %}` gives, without the loop's cost per item (some microseconds, on a matrix of 800 entries)."""
    # A rendered fragment is SafeString and passes through as it is; anything else set there is escaped.
    return mark_safe("".join(conditional_escape(getattr(item, attribute)) for item in items))
