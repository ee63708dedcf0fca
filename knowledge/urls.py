from django.urls import path

from knowledge import feeds, views, views_edit

app_name = "knowledge"

urlpatterns = [
    path("", views.page_list, name="page_list"),
    path("new/", views_edit.page_new, name="page_new"),
    path("changes/", views.recent_changes, name="recent_changes"),
    path("changes/feed/", feeds.RecentChangesFeed(), name="recent_changes_feed"),
    path("upload/", views.image_upload, name="image_upload"),
    path("<slug:slug>/", views.page_detail, name="page_detail"),
    path("<slug:slug>/edit/", views_edit.page_edit, name="page_edit"),
    path("<slug:slug>/history/", views.page_history, name="page_history"),
    path("<slug:slug>/history/feed/", feeds.PageHistoryFeed(), name="page_history_feed"),
    path("<slug:slug>/diff/", views.page_diff, name="page_diff"),
    path("<slug:slug>/revisions/<int:number>/", views.revision_detail, name="revision_detail"),
    path("<slug:slug>/watch/", views.page_watch, name="page_watch"),
]
