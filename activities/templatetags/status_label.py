"""`{% status_label status %}`: a status as its symbol and words; the colour (by kind) only repeats them."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def status_label(status):
    # Kept on the status object: the plan pages share one object per status among hundreds of activities.
    label = getattr(status, "_label_html", None)
    if label is None:
        label = format_html(
            '<span class="status-label status-{}"><span class="status-symbol" aria-hidden="true">{}</span> {}</span>',
            status.kind,
            status.symbol,
            breakable_after_slashes(status.name),
        )
        status._label_html = label
    return label


def breakable_after_slashes(name: str) -> str:
    """`name` with a line break allowed after each slash: "Initierad/<wbr>delvis igång". Browsers break only at
    the spaces otherwise, so in a narrow column the label would stick out of its box; the stylesheet forbids
    breaking inside a word ("del" | "vis")."""
    return mark_safe("/<wbr>".join(escape(part) for part in name.split("/")))
