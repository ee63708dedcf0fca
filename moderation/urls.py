from django.urls import path

from moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("log/", views.log, name="log"),
    path("flag/<slug:kind>/<int:pk>/", views.flag, name="flag"),
    path("dismiss/<slug:kind>/<int:pk>/", views.flags_dismiss, name="flags_dismiss"),
    path("hide/<slug:kind>/<int:pk>/", views.hide, name="hide"),
    path("restore/<slug:kind>/<int:pk>/", views.restore, name="restore"),
    path("approve/<slug:kind>/<int:pk>/", views.approve, name="approve"),
    path("lock/<int:pk>/", views.switch, {"action": "lock"}, name="challenge_lock"),
    path("unlock/<int:pk>/", views.switch, {"action": "unlock"}, name="challenge_unlock"),
    path("protect/<int:pk>/", views.switch, {"action": "protect"}, name="page_protect"),
    path("unprotect/<int:pk>/", views.switch, {"action": "unprotect"}, name="page_unprotect"),
    path("suspend/<str:username>/", views.user_suspend, name="user_suspend"),
    path("unsuspend/<str:username>/", views.user_unsuspend, name="user_unsuspend"),
    path("trust/<str:username>/", views.user_trust, name="user_trust"),
]
