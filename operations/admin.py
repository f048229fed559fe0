"""The admin's pages for logins and accounts, in Swedish.

Logins: axes registers three admins in English. Failed login attempts (where a lockout is lifted, by deleting
the row) and the logins stay, on Swedish-named proxies (operations.models). The access failure log is not
shown: the portal does not keep it (AXES_ENABLE_ACCESS_FAILURE_LOG is off; failed logins are counted in the
attempts and written to the `samverkan.auth` log), so its page would always be empty.

Accounts: Django stores permission names in English ("Can add activity"); the user and group pages name them
from the permission's action and its model's translated name instead. The password page's warning is
Django's, translated when the page is shown.
"""

from axes.admin import AccessAttemptAdmin, AccessLogAdmin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission, User
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .models import FailedLogin, Login

for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(axes_model):
        admin.site.unregister(axes_model)


class LockedOutFilter(admin.SimpleListFilter):
    title = gettext_lazy("locked out")
    parameter_name = "locked_out"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(failures_since_start__gte=axes_settings.AXES_FAILURE_LIMIT)
        if self.value() == "no":
            return queryset.filter(failures_since_start__lt=axes_settings.AXES_FAILURE_LIMIT)
        return queryset


@admin.register(FailedLogin)
class FailedLoginAdmin(AccessAttemptAdmin):
    list_display = [
        "attempt_time",
        "ip_address",
        "user_agent",
        "username",
        "path_info",
        "failures_since_start",
        "status",
    ]
    list_filter = ["attempt_time", "path_info", LockedOutFilter]
    actions = ["clean_up_expired"]

    @admin.display(description=gettext_lazy("status"))
    def status(self, obj: AccessAttempt) -> str:
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left <= 0:
            return _("Locked out")
        return ngettext("%(count)d attempt left", "%(count)d attempts left", left) % {"count": left}

    @admin.display(description=gettext_lazy("expires"))
    def expiration(self, obj: AccessAttempt):
        return super().expiration(obj)

    @admin.action(description=gettext_lazy("Clean up expired attempts"))
    def clean_up_expired(self, request, queryset) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext("%(count)d expired attempt cleaned up.", "%(count)d expired attempts cleaned up.", count)
            % {"count": count},
        )


@admin.register(Login)
class LoginAdmin(AccessLogAdmin):
    pass


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    """Each permission as "Aktiviteter | aktivitet | Kan ändra aktivitet", from its action and model."""

    ACTIONS = {
        "add": gettext_lazy("Can add %(name)s"),
        "change": gettext_lazy("Can change %(name)s"),
        "delete": gettext_lazy("Can delete %(name)s"),
        "view": gettext_lazy("Can view %(name)s"),
    }

    def label_from_instance(self, permission: Permission) -> str:
        content_type = permission.content_type
        model = content_type.model_class()
        if model is None:  # left by a model since removed
            return str(permission)
        action, _sep, model_name = permission.codename.partition("_")
        if action in self.ACTIONS and model_name == model._meta.model_name:
            name = self.ACTIONS[action] % {"name": model._meta.verbose_name}
        else:
            name = _(permission.name)
        return f"{content_type} | {name}"


class PermissionsInSwedish:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in {"permissions", "user_permissions"}:
            kwargs["form_class"] = PermissionChoiceField
            kwargs.setdefault("queryset", Permission.objects.select_related("content_type"))
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


class PasswordChangeForm(AdminPasswordChangeForm):
    @property
    def usable_password_help_text(self) -> str:
        # Django's joins its warning to the translated help text once, at import, in English.
        return format_html(
            '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
            SetUnusablePasswordMixin.usable_password_help_text,
            _("If disabled, the current password for this user will be lost."),
        )


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class SwedishUserAdmin(PermissionsInSwedish, UserAdmin):
    change_password_form = PasswordChangeForm


@admin.register(Group)
class SwedishGroupAdmin(PermissionsInSwedish, GroupAdmin):
    pass
