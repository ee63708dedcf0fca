"""/api/…: version 1 of the REST API, its OpenAPI schema and its docs; /settings/tokens/, where
learners make and revoke their personal access tokens (included at the root, project/urls.py)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from api import docs, tokens
from api.views import discussions, misc, pages

app_name = "api"

v1 = [
    path("", docs.ApiRoot.as_view(), name="root"),
    # the wiki
    path("pages/", pages.PageList.as_view(), name="page_list"),
    path("pages/<slug:slug>/", pages.PageDetail.as_view(), name="page_detail"),
    path("pages/<slug:slug>/revisions/", pages.RevisionList.as_view(), name="revision_list"),
    path(
        "pages/<slug:slug>/revisions/<int:number>/",
        pages.RevisionDetail.as_view(),
        name="revision_detail",
    ),
    path("pages/<slug:slug>/diff/", pages.PageDiff.as_view(), name="page_diff"),
    path("pages/<slug:slug>/watch/", pages.PageWatchView.as_view(), name="page_watch"),
    # challenges, solutions, comments
    path("challenges/", discussions.ChallengeList.as_view(), name="challenge_list"),
    path("challenges/<int:pk>/", discussions.ChallengeDetail.as_view(), name="challenge_detail"),
    path(
        "challenges/<int:pk>/withdraw/",
        discussions.ChallengeWithdraw.as_view(),
        name="challenge_withdraw",
    ),
    path(
        "challenges/<int:pk>/restore/",
        discussions.ChallengeRestore.as_view(),
        name="challenge_restore",
    ),
    path(
        "challenges/<int:pk>/watch/",
        discussions.ChallengeWatchView.as_view(),
        name="challenge_watch",
    ),
    path(
        "challenges/<int:pk>/solutions/", discussions.SolutionList.as_view(), name="solution_list"
    ),
    path(
        "challenges/<int:pk>/comments/",
        discussions.ChallengeCommentList.as_view(),
        name="challenge_comment_list",
    ),
    path("solutions/<int:pk>/", discussions.SolutionDetail.as_view(), name="solution_detail"),
    path(
        "solutions/<int:pk>/withdraw/",
        discussions.SolutionWithdraw.as_view(),
        name="solution_withdraw",
    ),
    path(
        "solutions/<int:pk>/restore/",
        discussions.SolutionRestore.as_view(),
        name="solution_restore",
    ),
    path(
        "solutions/<int:pk>/comments/",
        discussions.SolutionCommentList.as_view(),
        name="solution_comment_list",
    ),
    path("solutions/<int:pk>/vote/", discussions.SolutionVote.as_view(), name="solution_vote"),
    path(
        "solutions/<int:pk>/accept/", discussions.SolutionAccept.as_view(), name="solution_accept"
    ),
    path("comments/<int:pk>/", discussions.CommentDetail.as_view(), name="comment_detail"),
    path(
        "comments/<int:pk>/withdraw/",
        discussions.CommentWithdraw.as_view(),
        name="comment_withdraw",
    ),
    path(
        "comments/<int:pk>/restore/", discussions.CommentRestore.as_view(), name="comment_restore"
    ),
    # search, topics, people
    path("search/", misc.Search.as_view(), name="search"),
    path("topics/", misc.TopicList.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", misc.TopicDetail.as_view(), name="topic_detail"),
    path("categories/", misc.CategoryList.as_view(), name="category_list"),
    path("users/<str:username>/", misc.UserDetail.as_view(), name="user_detail"),
    # the caller's own
    path("me/", misc.Me.as_view(), name="me"),
    path("notifications/", misc.NotificationList.as_view(), name="notification_list"),
    path(
        "notifications/read-all/", misc.NotificationReadAll.as_view(), name="notification_read_all"
    ),
    path("notifications/<int:pk>/read/", misc.NotificationRead.as_view(), name="notification_read"),
    path("watches/", misc.WatchList.as_view(), name="watch_list"),
]

urlpatterns = [
    path("api/v1/", include(v1)),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("api/docs/", docs.swagger_ui, name="docs"),
    path("settings/tokens/", tokens.token_list, name="token_list"),
    path("settings/tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
