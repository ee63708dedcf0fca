from django.urls import path

from discussions import feeds, views

app_name = "discussions"

urlpatterns = [
    path("", views.challenge_list, name="challenge_list"),
    path("new/", views.challenge_new, name="challenge_new"),
    path("feed/", feeds.ChallengeFeed(), name="challenge_feed"),
    path("feed/<slug:slug>/", feeds.TopicChallengeFeed(), name="topic_challenge_feed"),
    path("<int:pk>/", views.challenge_detail, name="challenge_detail"),
    path("<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
    path("<int:pk>/history/", views.challenge_history, name="challenge_history"),
    path("<int:pk>/withdraw/", views.challenge_withdraw, name="challenge_withdraw"),
    path("<int:pk>/restore/", views.challenge_restore, name="challenge_restore"),
    path("<int:pk>/watch/", views.challenge_watch, name="challenge_watch"),
    path("<int:pk>/comments/", views.challenge_comment, name="challenge_comment"),
    path("<int:pk>/solutions/", views.solution_new, name="solution_new"),
    path(
        "<int:pk>/append-to-page/",
        views.challenge_append_to_page,
        name="challenge_append_to_page",
    ),
    path("solutions/<int:pk>/edit/", views.solution_edit, name="solution_edit"),
    path("solutions/<int:pk>/history/", views.solution_history, name="solution_history"),
    path("solutions/<int:pk>/withdraw/", views.solution_withdraw, name="solution_withdraw"),
    path("solutions/<int:pk>/restore/", views.solution_restore, name="solution_restore"),
    path("solutions/<int:pk>/vote/", views.solution_vote, name="solution_vote"),
    path("solutions/<int:pk>/unvote/", views.solution_unvote, name="solution_unvote"),
    path("solutions/<int:pk>/accept/", views.solution_accept, name="solution_accept"),
    path("solutions/<int:pk>/comments/", views.solution_comment, name="solution_comment"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/history/", views.comment_history, name="comment_history"),
    path("comments/<int:pk>/withdraw/", views.comment_withdraw, name="comment_withdraw"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment_restore"),
    # Keep last: the slug is decoration, a wrong one redirects to the canonical URL.
    path("<int:pk>/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
]
