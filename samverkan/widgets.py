"""Form widgets of our own."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class LongSelect(forms.Select):
    """A select of hundreds of options (every activity of a plan), written in one pass.

    Django builds a dictionary per option and renders each through the template engine: for a few hundred
    options that was more than half the decision register's time. Options here are plain (value, label)
    pairs without groups or attributes; the select's own attributes (id, aria-describedby, required) are
    Django's as usual.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        # One join of escaped strings: format_html() per option cost more than the rest of the select.
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>{escape(str(label))}'
            "</option>"
            for key, label in self.choices
        )
        final = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), mark_safe(options))  # noqa: S308
