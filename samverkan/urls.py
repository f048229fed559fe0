from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agreements import views as agreement_views

urlpatterns = [
    path("", agreement_views.home, name="home"),
    path("logga-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("overenskommelser/", include("agreements.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
