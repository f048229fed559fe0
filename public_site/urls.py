from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("oppet/", views.public_index, name="index"),
    path("oppet/<int:pk>/", views.public_agreement, name="agreement"),
    path("oppet/protokoll/<int:pk>/", views.public_minutes, name="minutes"),
    path("oppet/bilagor/<int:pk>/fil/", views.public_appendix_file, name="appendix_file"),
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
]
