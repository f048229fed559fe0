"""The username django-axes records for a login attempt, cut to the column it is stored in.

Axes stores the username as typed in a 255-character column (and cuts the user agent and the path to theirs, but
not the username): a longer one, typed or posted on purpose, was a database error on PostgreSQL (SQLite does not
enforce lengths). Cut here, the attempt is still counted, under its first 255 characters, and locks out like any
other; no real username is that long (Django's are at most 150).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest

LENGTH = AccessAttempt._meta.get_field("username").max_length


def login_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """What axes' own lookup reads (the credentials, else the form's field), no longer than axes can store."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = getattr(request, "data", request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:LENGTH] if isinstance(username, str) else username
