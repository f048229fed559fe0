from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("overenskommelse/<int:agreement_pk>/", views.overview, name="overview"),
    path("overenskommelse/<int:agreement_pk>/medborgarloften/", views.promises, name="promises"),
    path("overenskommelse/<int:agreement_pk>/arshjul/", views.cycle, name="cycle"),
    path("oppet/<int:agreement_pk>/medborgarloften/", views.public_promises, name="public_promises"),
    path("arshjul/<int:pk>/klart/", views.cycle_done, name="cycle_done"),
    path("lagesbild/<int:pk>/", views.situation_picture, name="situation_picture"),
    path("problem/<int:pk>/", views.problem, name="problem"),
    path("aktivitet/<int:pk>/", views.activity, name="activity"),
    path("aktivitet/<int:pk>/koppla/", views.activity_links, name="activity_links"),
    path("aktivitet/<int:pk>/utvardera/", views.evaluate_activity, name="evaluate_activity"),
    path("medborgarlofte/<int:pk>/utvardera/", views.evaluate_promise, name="evaluate_promise"),
    path("indikator/<int:pk>/", views.indicator, name="indicator"),
    path("indikator/<int:pk>/varde/", views.enter_value, name="enter_value"),
    path("indikator/<int:pk>/importera/", views.import_indicator_values, name="import_values"),
    path("indikator/<int:pk>/importera/bekrafta/", views.confirm_import, name="import_confirm"),
]
