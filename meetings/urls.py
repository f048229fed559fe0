from django.urls import path

from . import calendar_views, views

app_name = "meetings"
urlpatterns = [
    path("overenskommelse/<int:agreement_pk>/organ/", views.structure, name="structure"),
    path("organ/<int:pk>/", views.body_detail, name="body"),
    path("organ/<int:body_pk>/nytt-mote/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/redigera/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/lage/", views.meeting_state, name="meeting_state"),
    path("<int:pk>/justera/", views.approve, name="approve"),
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
    path("kalendrar/", calendar_views.feeds, name="feeds"),
    path("kalendrar/<int:pk>/aterkalla/", calendar_views.feed_revoke, name="feed_revoke"),
    # `path`, not `str`: a token is looked up, never parsed, so any text reverses (a wrong one is a 404).
    path("kalender/<path:token>.ics", calendar_views.feed, name="feed"),
]
