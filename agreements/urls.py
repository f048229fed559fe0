from django.urls import path

from . import appendix_views, views

app_name = "agreements"
urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("ny/", views.agreement_create, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/redigera/", views.agreement_edit, name="edit"),
    path("<int:pk>/nasta/", views.agreement_successor, name="successor"),
    path("<int:pk>/underteckna/", views.agreement_sign, name="sign"),
    path("<int:pk>/andring/", views.amendment_create, name="amend"),
    path("<int:pk>/parter/", views.agreement_parties, name="parties"),
    path("<int:pk>/parter/<int:party_pk>/", views.agreement_party_edit, name="party_edit"),
    path("<int:pk>/parter/<int:party_pk>/flytta/", views.agreement_party_move, name="party_move"),
    path("<int:pk>/parter/<int:party_pk>/ta-bort/", views.agreement_party_remove, name="party_remove"),
    path("<int:pk>/undertecknare/", views.agreement_signatories, name="signatories"),
    path("<int:pk>/undertecknare/<int:signatory_pk>/", views.agreement_signatory_edit, name="signatory_edit"),
    path("<int:pk>/undertecknare/<int:signatory_pk>/flytta/", views.agreement_signatory_move, name="signatory_move"),
    path(
        "<int:pk>/undertecknare/<int:signatory_pk>/ta-bort/", views.agreement_signatory_remove, name="signatory_remove"
    ),
    path("<int:pk>/revidering/", views.agreement_review, name="review"),
    path("<int:pk>/bilagor/", appendix_views.appendix_list, name="appendices"),
    path(
        "<int:pk>/bilagor/<int:appendix_pk>/ny-version/", appendix_views.appendix_version_add, name="appendix_version"
    ),
    path("<int:pk>/bilagor/<int:appendix_pk>/publik/", appendix_views.appendix_public, name="appendix_public"),
    path("<int:pk>/bilagor/<int:appendix_pk>/ta-bort/", appendix_views.appendix_remove, name="appendix_remove"),
    path("bilagor/<int:pk>/fil/", views.appendix_file, name="appendix_file"),
]
