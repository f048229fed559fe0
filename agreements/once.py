"""Forms that do something once. A form that creates something carries a one-time token (`OnceForm`); the
first submit records it with what it made, and a second submit of the same form (a double click, the back
button, a second tab holding the same page) finds the record and is sent to what the first one made.

The unique token is claimed inside the same transaction as the creation, so two submits at the same moment
queue on the database's unique index: the second waits for the first to commit and then finds its record.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.db import IntegrityError, models, transaction

from .models import Submission


def new_token() -> str:
    return uuid.uuid4().hex


class OnceForm(forms.Form):
    """Mix into a form whose submit creates something; read `once_token` in the view."""

    once_token = forms.CharField(widget=forms.HiddenInput, initial=new_token, required=False, max_length=64)

    def sent_before(self) -> str | None:
        """The URL of what this very form made, when this submit is its second; else None.

        Asked before validating: what the first submit made can make the second one invalid (a predecessor
        that now has its successor), and a second submit should be sent to what the first made, not scolded.
        """
        token = self["once_token"].value() if self.is_bound else None
        if not token:
            return None
        return Submission.objects.filter(token=str(token)[:64]).values_list("url", flat=True).first()


def once(token: str, create: Callable[[], models.Model]) -> tuple[str, bool]:
    """Run `create` unless this token was used before. Returns (URL of what was made, whether it was made now)."""
    if not token:
        return create().get_absolute_url(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = Submission.objects.create(token=token)
        except IntegrityError:
            return Submission.objects.get(token=token).url, False
        submission.url = create().get_absolute_url()
        submission.save(update_fields=["url"])
    return submission.url, True
