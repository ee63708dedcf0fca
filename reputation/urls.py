from django.urls import path

from reputation import views

app_name = "reputation"

urlpatterns = [
    path("", views.badge_list, name="badge_list"),
    path("<slug:slug>/", views.badge_detail, name="badge_detail"),
]
