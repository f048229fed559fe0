from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("overenskommelser/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("moten/beslut/<int:pk>/protokollsutdrag.pdf", views.decision_extract, name="decision_extract"),
    path("moten/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/kallelse.pdf", views.agenda_pdf, name="agenda_pdf"),
]
