from django.urls import path

from . import transfer_views

app_name = "activities"
urlpatterns = [
    path("overenskommelse/<int:agreement_pk>/importera/", transfer_views.import_plan, name="import"),
    path(
        "overenskommelse/<int:agreement_pk>/importera/bekrafta/", transfer_views.confirm_import, name="import_confirm"
    ),
    path("overenskommelse/<int:agreement_pk>/exportera/", transfer_views.export_plan, name="export"),
    path("overenskommelse/<int:agreement_pk>/for-over/", transfer_views.carry_over_plan, name="carry_over"),
]
