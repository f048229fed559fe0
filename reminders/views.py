from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ReminderSettingForm
from .models import ReminderSetting


@require_http_methods(["GET", "HEAD", "POST"])
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """Everyone logged in chooses for themselves; there is nobody else's setting to reach."""
    setting = ReminderSetting.objects.filter(user=request.user).first() or ReminderSetting(user=request.user)
    form = ReminderSettingForm(request.POST if request.method == "POST" else None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        if form.instance.wants_reminders:
            messages.success(request, _("You will get reminders by e-mail."))
        else:
            messages.success(request, _("You will get no reminders by e-mail."))
        return redirect("reminders:settings")
    return render(request, "reminders/settings.html", {"form": form, "email": request.user.email})
