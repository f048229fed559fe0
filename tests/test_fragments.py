"""Kept fragments (samverkan/fragments.py): the store stays within its bytes, a key covers everything the
template can read (the whole item, every template file it includes, the language), and putting fragments in
place escapes what is not one."""

from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django import forms
from django.template.autoreload import reset_loaders
from django.utils import translation
from django.utils.safestring import mark_safe

from samverkan import fragments
from samverkan.fragments import Kept, joined, render_each, shape


def test_the_least_recently_used_fragments_go_first_when_full():
    one = Kept.size("a", "A")
    store = Kept(max_bytes=2 * one)
    store.set_many({"a": "A", "b": "B"})
    store.get_many(["a"])  # "a" is used again, so "b" is now the oldest
    store.set_many({"c": "C"})
    assert store.get_many(["a", "b", "c"]) == {"a": "A", "c": "C"}
    assert store.bytes == 2 * one


def test_the_store_counts_bytes_not_entries():
    store = Kept(max_bytes=100_000)
    store.set_many({f"key-{n}": "x" * 1000 for n in range(500)})
    assert store.bytes <= 100_000
    assert 50 < len(store.fragments) < 100  # about 1 kB each
    store.set_many({"huge": "x" * 200_000})  # larger than the whole store: not kept, nothing pushed out
    assert "huge" not in store.fragments
    assert store.bytes == sum(Kept.size(key, value) for key, value in store.fragments.items())


def test_joined_keeps_rendered_fragments_and_escapes_plain_text():
    items = [SimpleNamespace(html=mark_safe("<li>rendered</li>")), SimpleNamespace(html="<script>")]
    assert joined(items) == "<li>rendered</li>&lt;script&gt;"
    assert joined([SimpleNamespace(html="", row=mark_safe("<tr></tr>"))], "row") == "<tr></tr>"


def test_a_value_the_key_cannot_cover_is_refused():
    with pytest.raises(TypeError):
        shape(SimpleNamespace(name="x"), {})
    with pytest.raises(TypeError):
        shape(forms.Form(), {})


def test_markup_and_text_are_different_keys():
    assert shape("<b>", {}) != shape(mark_safe("<b>"), {})


@dataclass(eq=False)
class Row:
    name: str
    flags: list[bool] = field(default_factory=list)
    html: str = ""


@pytest.fixture
def templates(settings, tmp_path):
    """A template folder of the test's own, searched first; `write(name, source)` edits a file there as a
    developer would under runserver (whose autoreloader then resets the loaders)."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    def write(name: str, source: str) -> None:
        (tmp_path / name).write_text(source)
        reset_loaders()

    return write


def rendered(template_name: str, item) -> str:
    render_each("row", [item], html=template_name)
    return item.html


def test_every_field_of_the_item_is_in_the_key(templates):
    templates("row.html", "{% load partials %}{% partialdef row %}{{ row.name }} {{ row.flags }}{% endpartialdef %}")
    assert rendered("row.html#row", Row("Feriepraktik", [True])) == "Feriepraktik [True]"
    assert rendered("row.html#row", Row("Feriepraktik", [False])) == "Feriepraktik [False]"
    assert rendered("row.html#row", Row("MBU", [False])) == "MBU [False]"


def test_an_included_file_and_a_partial_included_from_the_same_file_are_in_the_key(templates):
    templates("inner.html", "inner one")
    templates(
        "page.html",
        "{% load partials %}{% partialdef item %}<li>{% include 'page.html#body' %} {% include 'inner.html' %}</li>"
        "{% endpartialdef %}{% partialdef body %}body one{% endpartialdef %}",
    )
    assert rendered("page.html#item", Row("x")) == "<li>body one inner one</li>"
    templates("inner.html", "inner two")
    assert rendered("page.html#item", Row("x")) == "<li>body one inner two</li>"
    templates(
        "page.html",
        "{% load partials %}{% partialdef item %}<li>{% include 'page.html#body' %} {% include 'inner.html' %}</li>"
        "{% endpartialdef %}{% partialdef body %}body two{% endpartialdef %}",
    )
    assert rendered("page.html#item", Row("x")) == "<li>body two inner two</li>"


def test_an_include_by_a_name_known_only_when_rendering_is_refused(templates):
    templates("page.html", "{% load partials %}{% partialdef item %}{% include row.name %}{% endpartialdef %}")
    with pytest.raises(TypeError):
        rendered("page.html#item", Row("inner.html"))


def test_the_language_is_in_the_key(templates):
    templates("row.html", "{% load i18n partials %}{% partialdef row %}{% translate 'Yes' %}{% endpartialdef %}")
    with translation.override("sv"):
        assert rendered("row.html#row", Row("x")) == "Ja"
    with translation.override("en"):
        assert rendered("row.html#row", Row("x")) == "Yes"


def test_an_unchanged_item_is_served_from_what_is_kept(templates):
    templates("row.html", "{% load partials %}{% partialdef row %}{{ row.name }}{% endpartialdef %}")
    rendered("row.html#row", Row("Feriepraktik"))
    before = fragments.kept.bytes
    assert rendered("row.html#row", Row("Feriepraktik")) == "Feriepraktik"
    assert fragments.kept.bytes == before
