"""How much text a person can save in one field, by the kind of text it is.

A limit on every free-text field: without one a single save (or an imported cell) can make a page tens of
megabytes for everyone who reads it. Generous for what each field is for (the longest demo texts are a tenth
of them), and enforced in the model (`full_clean`, so every ModelForm and the admin) and by the form field
Django builds from `max_length` (the Swedish message next to the field, and `maxlength` on the textarea).
"""

from django.core.validators import MaxLengthValidator
from django.db import models

NAME = 200  # a name, a title, a place (the CharFields have their own max_length already)
SHORT_TEXT = 2_000  # an address, one principle, a reason, one cell of the plan's timing or people
TEXT = 5_000  # a comment, a paragraph of an activity's plan, a problem's description
LONG_TEXT = 20_000  # an agreement's sections, minutes, a decision, a situation picture


def limited_text(*args, limit: int, **kwargs) -> models.TextField:
    """A TextField of at most `limit` characters, checked by the model and by its form field."""
    return models.TextField(*args, max_length=limit, validators=[MaxLengthValidator(limit)], **kwargs)
