from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("<int:pk>/", public_views.public_agreement, name="agreement"),
]
