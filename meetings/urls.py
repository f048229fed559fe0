from django.urls import path

from . import calendar_views, decision_views, draft_views, views

app_name = "meetings"
urlpatterns = [
    path("overenskommelse/<int:agreement_pk>/organ/", views.structure, name="structure"),
    path("organ/<int:pk>/", views.body_detail, name="body"),
    path("organ/<int:body_pk>/nytt-mote/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/redigera/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/lage/", views.meeting_state, name="meeting_state"),
    path("<int:pk>/justera/", views.approve, name="approve"),
    path("<int:pk>/offentligt/", views.minutes_public, name="minutes_public"),
    path("<int:meeting_pk>/narvaro/", views.attendance, name="attendance"),
    path("<int:meeting_pk>/ny-punkt/", views.item_create, name="item_create"),
    path("<int:meeting_pk>/rattelse/", views.correction_create, name="correction_create"),
    path("<int:pk>/kalender.ics", calendar_views.meeting_ics, name="meeting_ics"),
    path("punkt/<int:pk>/", views.item_edit, name="item_edit"),
    path("punkt/<int:pk>/protokoll/", views.item_minutes, name="item_minutes"),
    path("punkt/<int:pk>/justera/", views.item_approve, name="item_approve"),
    path("punkt/<int:pk>/jav/", views.recusal_create, name="recusal_create"),
    path("punkt/<int:pk>/handling/", views.document_upload, name="document_upload"),
    path("handling/<int:pk>/", views.document_download, name="document"),
    path("rattelse/<int:pk>/justera/", views.correction_approve, name="correction_approve"),
    path("overenskommelse/<int:agreement_pk>/beslut/", decision_views.register, name="register"),
    path("overenskommelse/<int:agreement_pk>/beslut.xlsx", decision_views.register_export, name="register_export"),
    path("beslut/<int:pk>/", decision_views.decision_detail, name="decision"),
    path("beslut/<int:pk>/verkstallighet/", decision_views.decision_execution, name="decision_execution"),
    path("punkt/<int:item_pk>/beslut/", decision_views.decision_create, name="decision_create"),
    path("organ/<int:body_pk>/beslut/", decision_views.decision_per_capsulam, name="decision_per_capsulam"),
    path("punkt/<int:item_pk>/atgardspunkt/", decision_views.action_item_create, name="action_item_create"),
    path("atgardspunkt/<int:pk>/klar/", decision_views.action_item_done, name="action_item_done"),
    path("<int:pk>/forslag/", draft_views.draft, name="draft"),
    path("<int:pk>/forslag/ta-med/", draft_views.draft_adopt, name="draft_adopt"),
    path("punkt/<int:pk>/lyft/", draft_views.raise_from_item, name="raise_from_item"),
    path("atgardspunkt/<int:pk>/lyft/", draft_views.raise_from_action_item, name="raise_from_action_item"),
    path("aktivitet/<int:pk>/lyft/", draft_views.raise_from_activity, name="raise_from_activity"),
    path("fraga/<int:pk>/svar/", draft_views.answer, name="answer"),
    path("kalendrar/", calendar_views.feeds, name="feeds"),
    path("kalendrar/<int:pk>/aterkalla/", calendar_views.feed_revoke, name="feed_revoke"),
    # `path`, not `str`: a token is looked up, never parsed, so any text reverses (a wrong one is a 404).
    path("kalender/<path:token>.ics", calendar_views.feed, name="feed"),
]
