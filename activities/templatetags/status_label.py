"""`{% status_label status %}`: a status as its symbol and words; the colour (by kind) only repeats them."""

from django import template
from django.utils.html import format_html

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
            status.name,
        )
        status._label_html = label
    return label
