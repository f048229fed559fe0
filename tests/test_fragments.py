"""The store of rendered fragments stays bounded, and putting fragments in place escapes what is not one."""

from types import SimpleNamespace

from django.utils.safestring import mark_safe

from samverkan.fragments import Kept, joined


def test_the_least_recently_used_fragments_go_first_when_full():
    store = Kept(size=2)
    store.set_many({"a": "A", "b": "B"})
    store.get_many(["a"])  # "a" is used again, so "b" is now the oldest
    store.set_many({"c": "C"})
    assert store.get_many(["a", "b", "c"]) == {"a": "A", "c": "C"}


def test_joined_keeps_rendered_fragments_and_escapes_plain_text():
    items = [SimpleNamespace(html=mark_safe("<li>rendered</li>")), SimpleNamespace(html="<script>")]
    assert joined(items) == "<li>rendered</li>&lt;script&gt;"
    assert joined([SimpleNamespace(html="", row=mark_safe("<tr></tr>"))], "row") == "<tr></tr>"
