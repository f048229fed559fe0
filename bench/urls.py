from django.urls import path

from . import views

app_name = "bench"
urlpatterns = [
    path("golv/<int:agreement_pk>/", views.floor, name="floor"),
]
