from django.urls import path

from . import record_views, staff_views, team_views, views

app_name = "portal"
urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("new/", views.ticket_new, name="ticket_new"),
    path("new/promise/", views.ticket_promise, name="ticket_promise"),
    path("<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("<int:pk>/reply/", views.ticket_reply, name="ticket_reply"),
    path("<int:pk>/record.pdf", record_views.ticket_record_pdf, name="ticket_record_pdf"),
    path("<int:pk>/participants/", views.ticket_participants, name="ticket_participants"),
    path("<int:pk>/reopen/", views.ticket_reopen, name="ticket_reopen"),
    path("<int:pk>/close/", views.ticket_close, name="ticket_close"),
    path("<int:pk>/resolve/", views.ticket_resolve, name="ticket_resolve"),
    path("<int:pk>/triage/", staff_views.ticket_triage, name="ticket_triage"),
    path("<int:pk>/priority/", staff_views.ticket_priority, name="ticket_priority"),
    path("<int:pk>/team/", team_views.ticket_team, name="ticket_team"),
    path("<int:pk>/tags/", team_views.ticket_tags, name="ticket_tags"),
    path("<int:pk>/status/", staff_views.ticket_status, name="ticket_status"),
    path("<int:pk>/window/", staff_views.ticket_window, name="ticket_window"),
    path("<int:pk>/compose/", staff_views.ticket_compose, name="ticket_compose"),
    path("<int:pk>/note/", staff_views.ticket_note, name="ticket_note"),
    path("<int:pk>/assign/", staff_views.ticket_assign, name="ticket_assign"),
    path("<int:pk>/merge/", staff_views.ticket_merge, name="ticket_merge"),
    path("<int:pk>/link/", staff_views.ticket_link, name="ticket_link"),
    path("<int:pk>/freshness/", staff_views.ticket_freshness, name="ticket_freshness"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
