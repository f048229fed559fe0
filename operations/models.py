"""The login throttle's records (django-axes) as the admin shows them: proxies with Swedish names.

axes names its models and their rows in English in its code ("Attempted Access: …"), which no catalogue can
translate; a proxy adds no table, only the names. `operations.admin` registers these instead of axes' own.
"""

from axes.models import AccessAttempt, AccessLog
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class FailedLogin(AccessAttempt):
    """The failed logins of one username from one address and browser: five lock them out; deleting the row
    lifts the lock."""

    class Meta:
        proxy = True
        verbose_name = _("failed login attempt")
        verbose_name_plural = _("failed login attempts")

    def __str__(self) -> str:
        return _("%(username)s from %(address)s") % {"username": self.username, "address": self.ip_address}


class Login(AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("login")
        verbose_name_plural = _("logins")

    def __str__(self) -> str:
        when = formats.localize(timezone.localtime(self.attempt_time))
        return _("%(username)s at %(time)s") % {"username": self.username, "time": when}
