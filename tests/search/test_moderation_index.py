"""Moderators hide, restore and approve with queryset.update(); search must follow anyway."""

from moderation import services as moderation
from search.models import SearchDocument
from search.services import search_documents
from tests.factories import make_challenge, make_solution

Kind = SearchDocument.Kind


def found(q, **kwargs):
    return [(hit.kind, hit.title) for hit in search_documents(q=q, **kwargs)[:20]]


def test_hidden_challenge_and_its_solutions_leave_search_and_come_back(celery_content, moderator):
    challenge = celery_content["challenge"]
    assert (Kind.SOLUTION, challenge.title) in found("max_retries")

    assert moderation.content_hide(moderator=moderator, target=challenge, reason="Spam")
    assert found("cap retries") == []
    assert found("max_retries") == []  # its solution went with it
    assert [h.visibility for h in search_documents(q="cap retries", user=moderator)[:5]] == [
        SearchDocument.Visibility.HIDDEN
    ]

    assert moderation.content_restore(moderator=moderator, target=challenge)
    assert (Kind.CHALLENGE, challenge.title) in found("cap retries")
    assert (Kind.SOLUTION, challenge.title) in found("max_retries")


def test_hidden_page_leaves_search_and_comes_back(celery_content, moderator):
    page = celery_content["page"]
    moderation.content_hide(moderator=moderator, target=page, reason="Vandalised")
    assert (Kind.PAGE, "Celery") not in found("autoretry_for")
    moderation.content_restore(moderator=moderator, target=page)
    assert (Kind.PAGE, "Celery") in found("autoretry_for")


def test_hidden_solution_leaves_search(celery_content, moderator):
    solution = celery_content["solution"]
    moderation.content_hide(moderator=moderator, target=solution, reason="Wrong and rude")
    assert found("max_retries") == []
    moderation.content_restore(moderator=moderator, target=solution)
    assert found("max_retries") == [(Kind.SOLUTION, celery_content["challenge"].title)]


def test_approved_held_posts_appear(db, moderator):
    challenge = make_challenge("Flower dashboard shows no workers", "Nothing listed", is_held=True)
    solution = make_solution(challenge, "Start flower with the broker URL", is_held=True)
    assert found("flower") == []

    assert moderation.post_approve(moderator=moderator, post=challenge)
    assert found("flower") == [(Kind.CHALLENGE, challenge.title)]
    assert moderation.post_approve(moderator=moderator, post=solution)
    assert sorted(found("flower")) == [
        (Kind.CHALLENGE, challenge.title),
        (Kind.SOLUTION, challenge.title),
    ]


def test_moderation_search_updates_reach_the_search_page(client, celery_content, moderator):
    moderation.content_hide(moderator=moderator, target=celery_content["challenge"], reason="x")
    body = client.get("/search/", {"q": "cap retries"}).content.decode()
    assert "Celery task retry never stops" not in body
