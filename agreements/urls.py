from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("ny/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/redigera/", views.agreement_edit, name="edit"),
    path("<int:pk>/nasta/", views.agreement_successor, name="successor"),
    path("<int:pk>/underteckna/", views.agreement_sign, name="sign"),
    path("<int:pk>/andring/", views.amendment_create, name="amend"),
    path("bilagor/<int:pk>/fil/", views.appendix_file, name="appendix_file"),
]
