from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from tests.factories import UserFactory, make_challenge, make_page, make_topic

SEARCH = reverse("search:search")
HX = {"HX-Request": "true"}


def test_empty_query_shows_help(client, db):
    response = client.get(SEARCH)
    assert response.status_code == HTTPStatus.OK
    assert b"Find what the hub already knows" in response.content


def test_results_page_lists_highlighted_hits(client, celery_content):
    response = client.get(SEARCH, {"q": "celery retry"})
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "3 results" in body
    assert "<mark>Celery</mark>" in body
    assert celery_content["challenge"].get_absolute_url() in body
    assert 'datetime="' in body


def test_stop_words_only_gets_a_helpful_message(client, celery_content):
    response = client.get(SEARCH, {"q": "the of and ???"})
    assert response.status_code == HTTPStatus.OK
    assert b"no words to search for" in response.content


def test_no_match_message(client, celery_content):
    response = client.get(SEARCH, {"q": "kubernetes"})
    assert b"Nothing matched" in response.content


def test_query_is_escaped_in_page(client, celery_content):
    response = client.get(SEARCH, {"q": '<script>alert("x")</script> celery'})
    assert response.status_code == HTTPStatus.OK
    assert b"<script>alert" not in response.content


def test_kind_and_topic_filters(client, celery_content):
    response = client.get(SEARCH, {"q": "celery", "kind": "page", "topic": "celery"})
    assert "1 result " in response.content.decode()


def test_unknown_kind_and_topic_are_ignored(client, celery_content):
    response = client.get(SEARCH, {"q": "celery", "kind": "nope", "topic": "no\x00pe"})
    assert response.status_code == HTTPStatus.OK
    assert "3 results" in response.content.decode()


@pytest.mark.parametrize("page_number", ["2", "999999", "abc", "-1", "0", "1e9"])
def test_odd_page_numbers_give_a_page(client, celery_content, page_number):
    response = client.get(SEARCH, {"q": "celery", "page": page_number})
    assert response.status_code == HTTPStatus.OK


def test_pagination(client, db, settings):
    settings.PAGINATE_BY = 5
    for n in range(12):
        make_page(f"Redis note {n}", "redis")
    first = client.get(SEARCH, {"q": "redis"}).content.decode()
    third = client.get(SEARCH, {"q": "redis", "page": "3"}).content.decode()
    assert "Page 1 of 3" in first and 'rel="next"' in first
    assert third.count('class="search-result"') == 2


def test_hidden_content_not_shown_to_readers(client, celery_content):
    challenge = celery_content["challenge"]
    challenge.hidden_at = timezone.now()
    challenge.save()
    response = client.get(SEARCH, {"q": "cap retries"})
    assert challenge.get_absolute_url() not in response.content.decode()


def test_moderator_sees_hidden_content_marked(moderator_client, celery_content):
    challenge = celery_content["challenge"]
    challenge.hidden_at = timezone.now()
    challenge.save()
    body = moderator_client.get(SEARCH, {"q": "cap retries"}).content.decode()
    assert challenge.get_absolute_url() in body
    assert "hidden-placeholder" in body and ">Hidden<" in body


def test_search_page_query_budget(client, db, django_assert_max_num_queries):
    topics = [make_topic(f"Topic {n}") for n in range(5)]
    author = UserFactory()
    for n in range(30):
        make_page(f"Queue page {n}", "task queue workers", topics=topics[:2], author=author)
        make_challenge(f"Queue challenge {n}", "task queue stuck", topics=topics, author=author)
    with django_assert_max_num_queries(6):
        response = client.get(SEARCH, {"q": "queue", "topic": "topic-1", "page": "2"})
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="search-result"') == 20


def test_suggest_returns_options_for_htmx(client, celery_content):
    response = client.get(reverse("search:suggest"), {"q": "celery ret"}, headers=HX)
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'role="option"' in body and "<mark>" in body
    assert "<html" not in body


def test_suggest_without_htmx_redirects_to_search(client, db):
    response = client.get(reverse("search:suggest"), {"q": "celery"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{SEARCH}?q=celery"


def test_similar_fragment(client, celery_content):
    response = client.get(reverse("search:similar"), {"title": "celery retries forever"})
    body = response.content.decode()
    assert "Maybe already answered" in body
    assert "Celery task retry never stops" in strip_tags(body)
    assert celery_content["page"].get_absolute_url() in body


def test_similar_fragment_empty_for_nothing(client, db):
    response = client.get(reverse("search:similar"), {"title": "???"}, headers=HX)
    assert response.status_code == HTTPStatus.OK
    assert response.content.strip() == b""
    page_response = client.get(reverse("search:similar"), {"title": "???"})
    assert "Nothing similar found yet" in page_response.content.decode()


def test_topic_page(client, celery_content):
    make_challenge("Solved celery thing", "x", topics=[celery_content["celery"]], status="solved")
    response = client.get(reverse("hub:topic_detail", args=["celery"]))
    body = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Celery task retry never stops" in body and "Solved celery thing" in body
    assert celery_content["page"].get_absolute_url() in body
    assert "Redis" not in body.split("<main")[1].split("All topics")[1]


def test_topic_page_hides_hidden_and_held(client, celery_content):
    celery = celery_content["celery"]
    make_challenge("Held celery thing", "x", topics=[celery], is_held=True)
    body = client.get(reverse("hub:topic_detail", args=["celery"])).content.decode()
    assert "Held celery thing" not in body


def test_unknown_topic_404(client, db):
    response = client.get(reverse("hub:topic_detail", args=["nope"]))
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_topic_page_query_budget(client, db, django_assert_max_num_queries, settings):
    topic = make_topic("Redis")
    author = UserFactory()
    for n in range(25):
        make_page(f"Redis {n}", "x", topics=[topic], author=author)
        make_challenge(f"Redis c{n}", "x", topics=[topic], author=author)
        make_challenge(f"Redis s{n}", "x", topics=[topic], author=author, status="solved")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("hub:topic_detail", args=["redis"]), {"open_page": "2"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count(">Redis c") == 5  # the open ones' second page (of 20)
    assert html.count(">Redis s") >= 10 and html.count(">Redis ") >= 25


def test_topic_list(client, celery_content):
    body = client.get(reverse("hub:topic_list")).content.decode()
    assert reverse("hub:topic_detail", args=["redis"]) in body


# --- Before you ask, related content, topic chips, feeds --------------------------------------


def test_similar_without_htmx_is_a_whole_page(client, celery_content):
    response = client.get(reverse("search:similar"), {"title": "celery retries forever"})
    body = response.content.decode()
    assert "<html" in body and "Maybe already answered" in body
    assert "Celery task retry never stops" in strip_tags(body)


def test_similar_fragment_for_htmx(client, celery_content):
    response = client.get(reverse("search:similar"), {"title": "celery retries"}, headers=HX)
    body = response.content.decode()
    assert "<html" not in body and "Celery task retry never stops" in strip_tags(body)


def test_related_to_a_challenge(client, celery_content):
    other = make_challenge("Retrying a Celery task by hand", "how do I retry")
    url = reverse("search:similar")
    body = client.get(url, {"challenge": other.pk}, headers=HX).content.decode()
    assert "Related" in body
    assert "Celery task retry never stops" in strip_tags(body)
    assert celery_content["page"].get_absolute_url() in body
    assert other.get_absolute_url() not in body  # not similar to itself
    page = client.get(url, {"challenge": other.pk}).content.decode()
    assert "<html" in page and other.get_absolute_url() in page  # the way back


@pytest.mark.parametrize("challenge_param", ["abc", "-1", "99999999", "١٢", "1e3"])
def test_related_to_unknown_challenge_is_404(client, celery_content, challenge_param):
    response = client.get(reverse("search:similar"), {"challenge": challenge_param})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_related_to_hidden_challenge_is_404_for_readers(client, celery_content):
    challenge = celery_content["challenge"]
    challenge.hidden_at = timezone.now()
    challenge.save()
    response = client.get(reverse("search:similar"), {"challenge": challenge.pk})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_challenge_page_loads_related_lazily_with_a_plain_link(client, celery_content):
    challenge = celery_content["challenge"]
    body = client.get(challenge.get_absolute_url()).content.decode()
    related = f"{reverse('search:similar')}?challenge={challenge.pk}"
    assert f'hx-get="{related}"' in body and 'hx-trigger="load"' in body
    assert f'<a href="{related}">' in body


def test_challenge_form_asks_for_similar_titles(learner_client):
    body = learner_client.get(reverse("discussions:challenge_new")).content.decode()
    assert f'hx-get="{reverse("search:similar")}"' in body
    assert 'hx-trigger="input changed delay:400ms from:#id_title"' in body
    assert 'hx-include="#id_title"' in body and 'id="id_title"' in body


def test_topic_chips_link_to_the_topic_page(client, celery_content):
    topic_url = reverse("hub:topic_detail", args=["celery"])
    challenge_body = client.get(celery_content["challenge"].get_absolute_url()).content.decode()
    page_body = client.get(celery_content["page"].get_absolute_url()).content.decode()
    assert f'href="{topic_url}"' in challenge_body
    assert f'href="{topic_url}"' in page_body


def _feed_links(body):
    import re

    return re.findall(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', body
    )


def test_feeds_are_advertised_once_in_every_head(client, celery_content):
    challenges = reverse("discussions:challenge_feed")
    wiki = reverse("knowledge:recent_changes_feed")
    for url in [
        "/",
        SEARCH,
        reverse("discussions:challenge_list"),
        reverse("knowledge:recent_changes"),
    ]:
        links = _feed_links(client.get(url).content.decode())
        assert links.count(challenges) == 1 and links.count(wiki) == 1, url
    topic_body = client.get(reverse("hub:topic_detail", args=["celery"])).content.decode()
    topic_feed = reverse("discussions:topic_challenge_feed", args=["celery"])
    assert topic_feed in _feed_links(topic_body)
    feed = client.get(topic_feed)
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert b"Celery task retry never stops" in feed.content


def test_feed_lists_new_public_challenges_with_topics(
    client, celery_content, django_assert_max_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    for n in range(15):
        make_challenge(f"Broker lost message {n}", "x", topics=[celery_content["celery"]])
    make_challenge("Held one about celery", "x", topics=[celery_content["celery"]], is_held=True)
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(5):
        response = client.get(reverse("discussions:challenge_feed"))
    assert response.status_code == HTTPStatus.OK
    feed = response.content.decode()
    assert "Broker lost message 14" in feed and "Held one" not in feed
    assert '<category term="Celery"' in feed


def test_a_query_matching_more_than_the_cap_says_so(client, db, monkeypatch):
    for module in ("search.backends", "search.services", "search.views"):
        monkeypatch.setattr(f"{module}.RANK_CAP", 3)
    author = UserFactory()
    for n in range(5):
        make_page(f"Note {n}", "redis keys expire", author=author)
    make_page("Redis eviction", "how keys leave", author=author)  # the only title match
    body = client.get(SEARCH, {"q": "redis"}).content.decode()
    assert "More than 3 results" in body
    assert body.count('class="search-result"') == 3
    assert "Redis eviction" in strip_tags(body)  # title matches are always ranked
    assert "Only the best 3 are shown" in body


@pytest.mark.parametrize(
    "query", ["redis", "RedisCache", "backends.redis", "celery", "bin celery", "example"]
)
def test_dotted_names_and_paths_are_found_by_their_words(client, db, query):
    """Code is full of dotted names and paths; both engines index them word by word."""
    page = make_page(
        "Cache settings",
        "Set BACKEND to django.core.cache.backends.redis.RedisCache, run "
        "/usr/local/bin/celery as the worker and mail ops@example.org.",
    )
    body = client.get(SEARCH, {"q": query}).content.decode()
    assert page.get_absolute_url() in body, query
