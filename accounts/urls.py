from django.urls import path

from accounts import views

app_name = "accounts"

# The profile page itself (/u/<username>/) gathers every app's content: hub/urls.py.

urlpatterns = [
    path("<str:username>/edit/", views.profile_edit, name="profile_edit"),
]
