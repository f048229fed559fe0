"""Many fragments of one shape (board cards, matrix entries), each rendered once and then kept.

Django's template engine spends tens of microseconds on every node; a board of 400 cards spends nearly all
its time there although the cards rarely change. `render_each` keeps each fragment in the
`template_fragments` cache under a key made of everything it shows (the item's `fingerprint`), the language
and the template's source, so a kept fragment is never stale: changed content is a new key, and the old
entry ages out. One `get_many` a page; only the fragments not kept yet are rendered, each once however
often it appears on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import blake2b

from django.core.cache import caches
from django.template.loader import get_template
from django.utils.translation import get_language


def _digest(text: str) -> str:
    return blake2b(text.encode(), digest_size=16).hexdigest()


def render_each(template_name: str, name: str, items: Sequence, *, into: str = "html") -> None:
    """Set each item's `html` (or `into`): `template_name` (a partial, "page.html#card") rendered with the
    item as `name`.

    Items say what they show through `fingerprint` (a string); the template gets nothing else, no request.
    """
    template = get_template(template_name)
    prefix = f"{template_name}:{get_language()}:{_digest(template.template.source)}:"
    keys = [prefix + _digest(item.fingerprint) for item in items]
    cache = caches["template_fragments"]
    kept = cache.get_many(set(keys))
    new = {}
    for key, item in zip(keys, items, strict=True):
        if key not in kept:
            kept[key] = new[key] = template.render({name: item})
        setattr(item, into, kept[key])
    if new:
        cache.set_many(new)
