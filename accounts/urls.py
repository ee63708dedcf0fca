from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("<str:username>/", views.profile_detail, name="profile_detail"),
    path("<str:username>/edit/", views.profile_edit, name="profile_edit"),
]
