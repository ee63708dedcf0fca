from django.urls import path

from webhooks import views

app_name = "webhooks"

urlpatterns = [
    path("", views.hook_list, name="hook_list"),
    path("new/", views.hook_create, name="hook_create"),
    path("<int:pk>/", views.hook_detail, name="hook_detail"),
    path("<int:pk>/edit/", views.hook_edit, name="hook_edit"),
    path("<int:pk>/delete/", views.hook_delete, name="hook_delete"),
    path("<int:pk>/test/", views.hook_test, name="hook_test"),
    path("<int:pk>/secret/", views.hook_rotate_secret, name="hook_rotate_secret"),
    path("<int:pk>/enable/", views.hook_enable, name="hook_enable"),
    path("<int:pk>/disable/", views.hook_disable, name="hook_disable"),
]
