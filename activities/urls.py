from django.urls import path

from . import people, views
from .transfer import views as transfer_views

app_name = "activities"
urlpatterns = [
    path("mina/", views.mine, name="mine"),
    path("overenskommelse/<int:agreement_pk>/matris/", views.matrix, name="matrix"),
    path("overenskommelse/<int:agreement_pk>/statustavla/", views.board, name="board"),
    path("overenskommelse/<int:agreement_pk>/importera/", transfer_views.import_plan, name="import"),
    path("overenskommelse/<int:agreement_pk>/personer/", people.people, name="people"),
    path(
        "overenskommelse/<int:agreement_pk>/importera/bekrafta/", transfer_views.confirm_import, name="import_confirm"
    ),
    path("overenskommelse/<int:agreement_pk>/exportera/", transfer_views.export_plan, name="export"),
    path("overenskommelse/<int:agreement_pk>/for-over/", transfer_views.carry_over_plan, name="carry_over"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/redigera/", views.edit, name="edit"),
    path("<int:pk>/status/", views.change_status, name="status"),
]
