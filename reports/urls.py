from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("overenskommelser/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
]
