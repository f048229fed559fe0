"""The digest as an e-mail: Swedish, a plain and an HTML part, each reminder with a link to its page."""

from __future__ import annotations

import datetime
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext

from .digest import Reminder


def digest_message(user, reminders: list[Reminder], today: datetime.date) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    groups = [(heading, list(items)) for heading, items in groupby(reminders, key=lambda r: r.heading)]
    context = {
        "user": user,
        "today": today,
        "groups": [(heading, [(item, site + item.path) for item in items]) for heading, items in groups],
        "settings_url": site + reverse("reminders:settings"),
    }
    subject = ngettext(
        "Samverkan: %(count)d thing needs your attention",
        "Samverkan: %(count)d things need your attention",
        len(reminders),
    ) % {"count": len(reminders)}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reminders/digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("reminders/digest.html", context), "text/html")
    return message
