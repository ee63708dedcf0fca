from django.urls import path

from hub import views

app_name = "hub"

# Included at the site's root: the paths keep the places these pages always had.
urlpatterns = [
    path("u/<str:username>/", views.profile_detail, name="profile_detail"),
    path("u/<str:username>/contributions/", views.contributions, name="contributions"),
    path("u/<str:username>/watching/", views.watching, name="watching"),
    path("search/topics/", views.topic_list, name="topic_list"),
    path("search/topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
]
