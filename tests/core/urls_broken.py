"""A URLconf with one view that fails, for the 500-page tests."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("the secret internals of a failure")


urlpatterns = [path("broken/", broken), path("", include("project.urls"))]

handler500 = "core.views.server_error"
