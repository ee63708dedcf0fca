from django.urls import path

from portfolios import views

app_name = "portfolios"

# Included at the site's root, beside the hub's /u/<username>/ pages.
urlpatterns = [
    path("u/<str:username>/learnings/", views.portfolio_detail, name="portfolio_detail"),
    path("u/<str:username>/learnings/import/", views.portfolio_import, name="portfolio_import"),
    path(
        "u/<str:username>/learnings/import/create/",
        views.portfolio_import_confirm,
        name="portfolio_import_confirm",
    ),
    path("u/<str:username>/learnings/edit/", views.portfolio_edit, name="portfolio_edit"),
    path("u/<str:username>/learnings/README.md", views.portfolio_export, name="portfolio_export"),
    path("learnings/", views.learnings, name="learnings"),
    path("learnings/topics/", views.term_promote, name="term_promote"),
]
