from django.urls import path

from discussions import feeds
from discussions.views import challenges, comments, mentions, posts

app_name = "discussions"

# Edit, history, withdraw, restore and the comment thread are one view each for every kind of
# post: `kind` says which.
CHALLENGE, SOLUTION, COMMENT = {"kind": "challenge"}, {"kind": "solution"}, {"kind": "comment"}

urlpatterns = [
    path("", challenges.challenge_list, name="challenge_list"),
    path("new/", challenges.challenge_new, name="challenge_new"),
    path("feed/", feeds.ChallengeFeed(), name="challenge_feed"),
    path("mentions/", mentions.suggest, name="mention_suggestions"),
    path("feed/<slug:slug>/", feeds.TopicChallengeFeed(), name="topic_challenge_feed"),
    path("<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path("<int:pk>/edit/", posts.post_edit, CHALLENGE, name="challenge_edit"),
    path("<int:pk>/history/", posts.post_history, CHALLENGE, name="challenge_history"),
    path("<int:pk>/withdraw/", posts.post_withdraw, CHALLENGE, name="challenge_withdraw"),
    path("<int:pk>/restore/", posts.post_restore, CHALLENGE, name="challenge_restore"),
    path("<int:pk>/watch/", challenges.challenge_watch, name="challenge_watch"),
    path(
        "<int:pk>/close-duplicate/",
        challenges.challenge_close_duplicate,
        name="challenge_close_duplicate",
    ),
    path("<int:pk>/reopen/", challenges.challenge_reopen, name="challenge_reopen"),
    path("<int:pk>/comments/", comments.thread, CHALLENGE, name="challenge_comment"),
    path("<int:pk>/solutions/", challenges.solution_new, name="solution_new"),
    path(
        "<int:pk>/append-to-page/",
        challenges.challenge_append_to_page,
        name="challenge_append_to_page",
    ),
    path("solutions/<int:pk>/edit/", posts.post_edit, SOLUTION, name="solution_edit"),
    path("solutions/<int:pk>/history/", posts.post_history, SOLUTION, name="solution_history"),
    path("solutions/<int:pk>/withdraw/", posts.post_withdraw, SOLUTION, name="solution_withdraw"),
    path("solutions/<int:pk>/restore/", posts.post_restore, SOLUTION, name="solution_restore"),
    path("solutions/<int:pk>/vote/", posts.solution_vote, name="solution_vote"),
    path("solutions/<int:pk>/unvote/", posts.solution_unvote, name="solution_unvote"),
    path("solutions/<int:pk>/accept/", posts.solution_accept, name="solution_accept"),
    path("solutions/<int:pk>/comments/", comments.thread, SOLUTION, name="solution_comment"),
    path("comments/<int:pk>/edit/", posts.post_edit, COMMENT, name="comment_edit"),
    path("comments/<int:pk>/history/", posts.post_history, COMMENT, name="comment_history"),
    path("comments/<int:pk>/withdraw/", posts.post_withdraw, COMMENT, name="comment_withdraw"),
    path("comments/<int:pk>/restore/", posts.post_restore, COMMENT, name="comment_restore"),
    # Keep last: the slug is decoration, a wrong one redirects to the canonical URL.
    path("<int:pk>/<slug:slug>/", challenges.challenge_detail, name="challenge_detail"),
]
