from django.urls import include, path

urlpatterns = [
    path("notifications/", include("django_nyt.urls")),
    path("wiki/", include("wiki.urls")),
]
