from django.urls import path, register_converter

from . import views


class QuarterNumber:
    regex = "[1-4]"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(QuarterNumber, "quarter")

app_name = "reports"
urlpatterns = [
    path("kvartal/", views.pick_quarter, name="pick"),
    path("overenskommelse/<int:agreement_pk>/kvartal/", views.dashboard, name="dashboard"),
    path("overenskommelse/<int:agreement_pk>/kvartal/<int:year>/<quarter:number>/", views.dashboard, name="quarter"),
    path(
        "overenskommelse/<int:agreement_pk>/kvartal/<int:year>/<quarter:number>/pdf/",
        views.dashboard_pdf,
        name="quarter_pdf",
    ),
    path(
        "overenskommelse/<int:agreement_pk>/kvartal/<int:year>/<quarter:number>/godkann/",
        views.approve_quarter,
        name="approve",
    ),
]
