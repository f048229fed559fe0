from django.urls import path, register_converter

from . import views


class QuarterNumber:
    regex = "[1-4]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(QuarterNumber, "quarter")

QUARTER = "rapporter/overenskommelse/<int:agreement_pk>/kvartal/<int:year>/<quarter:number>/"

app_name = "reports"
urlpatterns = [
    path("overenskommelser/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
    path("rapporter/overenskommelse/<int:agreement_pk>/aktivitetsplan.pdf", views.plan_report, name="plan_report"),
    path("moten/beslut/<int:pk>/protokollsutdrag.pdf", views.decision_extract, name="decision_extract"),
    path("moten/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/kallelse.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("moten/<int:pk>/motesunderlag.pdf", views.meeting_pack, name="meeting_pack"),
    path("rapporter/kvartal/", views.pick_quarter, name="pick"),
    path("rapporter/overenskommelse/<int:agreement_pk>/kvartal/", views.dashboard, name="dashboard"),
    path(QUARTER, views.dashboard, name="quarter"),
    path(QUARTER + "pdf/", views.dashboard_pdf, name="quarter_pdf"),
    path(QUARTER + "andringar/<slug:kind>/", views.dashboard_list, name="quarter_list"),
    path(QUARTER + "godkann/", views.approve_quarter, name="approve"),
]
