"""Many fragments of one shape (board cards, matrix entries, public rows), each rendered once and then kept.

Django's template engine spends tens of microseconds on every node; a board of 400 cards spends nearly all
its time there although the cards rarely change. `render_each` keeps each fragment under a key made of
everything it shows (the item's `fingerprint`), the language and the template's source, so a kept fragment
is never stale: changed content is a new key, and the old entry ages out. Only the fragments not kept yet
are rendered, each once however often it appears on the page. The page then puts them in place with the
`joined` filter (`{% load fragments %}`), in one step rather than a template loop over hundreds of items.

They are kept in the worker's own memory, not in Django's cache framework: any worker can render a fragment
itself, so nothing is gained by sharing, and the framework's per-key checks and pickling cost as much as
rendering a small fragment.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from hashlib import blake2b

from django import template
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

KEPT_AT_MOST = 20_000  # about 1.5 kB each with its key (measured at 400 activities): 30 MB a worker at most


class Kept:
    """The most recently used fragments (or other renders), oldest out first."""

    def __init__(self, size: int):
        self.size = size
        self.fragments: OrderedDict[str, SafeString | bytes] = OrderedDict()
        self.lock = threading.Lock()  # runserver and threaded workers render in parallel

    def get_many(self, keys) -> dict[str, SafeString | bytes]:
        found = {}
        with self.lock:
            for key in keys:
                fragment = self.fragments.get(key)
                if fragment is not None:
                    self.fragments.move_to_end(key)
                    found[key] = fragment
        return found

    def set_many(self, fragments: dict[str, SafeString | bytes]) -> None:
        with self.lock:
            self.fragments.update(fragments)
            while len(self.fragments) > self.size:
                self.fragments.popitem(last=False)


kept = Kept(KEPT_AT_MOST)


def _source_digest(template) -> str:
    # Kept on the compiled template: reading a partial's `source` compiles its whole file again. The loader
    # compiles anew when a file changes (runserver), so an edited template never serves old fragments.
    digest = getattr(template, "_source_digest", None)
    if digest is None:
        digest = template._source_digest = blake2b(template.source.encode(), digest_size=16).hexdigest()
    return digest


def render_each(template_name: str, name: str, items: Sequence, *, into: str = "html") -> None:
    """Set each item's `html` (or `into`): `template_name` (a partial, "page.html#card") rendered with the
    item as `name`.

    Items say what they show through `fingerprint` (a string); the template gets nothing else, no request.
    """
    template = get_template(template_name)
    prefix = f"{template_name}:{get_language()}:{_source_digest(template.template)}:"
    keys = [prefix + item.fingerprint for item in items]
    found = kept.get_many(keys)
    new = {}
    for key, item in zip(keys, items, strict=True):
        if key not in found:
            found[key] = new[key] = template.render({name: item})
        setattr(item, into, found[key])
    if new:
        kept.set_many(new)


register = template.Library()  # the "fragments" template library (settings.TEMPLATES)


@register.filter
def joined(items: Sequence, attribute: str = "html") -> SafeString:
    """The fragments `render_each` set on `items`, one after the other: what `{% for item in items %}{{ item.html
    }}{% endfor %}` gives, without the loop's cost per item (some microseconds, on a matrix of 800 entries)."""
    # A rendered fragment is SafeString and passes through as it is; anything else set there is escaped.
    return mark_safe("".join(conditional_escape(getattr(item, attribute)) for item in items))
