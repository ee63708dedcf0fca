"""A challenge's Related list is cached (it was computed again on every view) and is never
stale: any change to the search index moves the index to a new generation."""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from search import services
from tests.factories import make_challenge

HX = {"HX-Request": "true"}


def _related(client, challenge) -> str:
    response = client.get(reverse("search:similar"), {"challenge": challenge.pk}, headers=HX)
    assert response.status_code == 200
    return strip_tags(response.content.decode())


def test_the_related_list_is_computed_once_then_served_from_the_cache(
    client, celery_content, django_assert_max_num_queries
):
    asker = make_challenge("Retrying a Celery task by hand", "how do I retry")
    first = _related(client, asker)
    assert "Celery task retry never stops" in first

    with django_assert_max_num_queries(1):  # the challenge itself; the search not at all
        again = _related(client, asker)

    assert again == first


def test_a_new_challenge_shows_in_related_at_once(client, celery_content):
    asker = make_challenge("Retrying a Celery task by hand", "how do I retry")
    assert "Celery retry limits in production" not in _related(client, asker)

    make_challenge("Celery retry limits in production", "max_retries is ignored")

    assert "Celery retry limits in production" in _related(client, asker)


def test_a_hidden_challenge_leaves_related_at_once(client, celery_content):
    asker = make_challenge("Retrying a Celery task by hand", "how do I retry")
    assert "Celery task retry never stops" in _related(client, asker)

    hidden = celery_content["challenge"]
    hidden.hidden_at = timezone.now()
    hidden.save()

    assert "Celery task retry never stops" not in _related(client, asker)


def test_the_cache_serves_every_viewer_the_same_public_list(celery_content, learner):
    asker = make_challenge("Retrying a Celery task by hand", "how do I retry")
    first = services.similar_to_challenge(asker)
    assert [hit.title for hit in first.challenges] == ["Celery task retry never stops"]
    assert services.similar_to_challenge(asker) == first
