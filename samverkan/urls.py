from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from home import views as home_views
from operations.views import LoginView

# LoginView would answer PUT like POST, and set_language any method; the authorization matrix
# (tests/security) wants 405 for methods a view does not mean to accept. The language switcher sits on the
# login page too, so it must work without a login.
login_view = require_http_methods(["GET", "HEAD", "POST"])(LoginView.as_view())

urlpatterns = [
    path("", home_views.home, name="home"),
    path("logga-in/", login_view, name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("overenskommelser/", include("agreements.urls")),
    path("aktiviteter/", include("activities.urls")),
    path("moten/", include("meetings.urls")),
    path("uppfoljning/", include("followup.urls")),
    path("i18n/setlang/", login_not_required(require_POST(set_language)), name="set_language"),
    path("", include("public_site.urls")),
    path("", include("reports.urls")),
    path("installningar/", include("reminders.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    urlpatterns.append(path("bench/", include("bench.urls")))
