"""A hidden wiki page is not revealed by the editor (issue 11, 5): a clashing title gets a
neutral sentence without the hidden page's address, for those who may not see it."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge.models import Category
from moderation import services as moderation
from tests.factories import make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def guides():
    return Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})[0]


@pytest.fixture
def hidden_page(moderator):
    page = make_page("Leaked Secrets", "Private notes.")
    moderation.content_hide(moderator=moderator, target=page, reason="doxxing")
    return page


def _new(client, guides, title):
    return client.post(
        reverse("knowledge:page_new"),
        {"title": title, "category": guides.pk, "body": "My text.", "summary": ""},
    )


@pytest.mark.parametrize("title", ["Leaked Secrets", "leaked secrets", "Leaked  Secrets!"])
def test_a_title_taken_by_a_hidden_page_is_refused_without_its_address(
    learner_client, guides, hidden_page, title
):
    response = _new(learner_client, guides, title)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "That title is taken. Choose a different title." in html
    assert hidden_page.get_absolute_url() not in html
    assert "My text." in html  # what was typed stays


def test_a_moderator_is_still_shown_the_link(moderator_client, guides, hidden_page):
    html = _new(moderator_client, guides, "Leaked Secrets").content.decode()

    assert "A page with this title already exists" in html
    assert hidden_page.get_absolute_url() in html


def test_a_visible_page_still_gets_its_link(learner_client, guides):
    page = make_page("Public Notes", "Hello.")

    html = _new(learner_client, guides, "Public Notes").content.decode()

    assert "A page with this title already exists" in html
    assert page.get_absolute_url() in html


def test_renaming_onto_a_hidden_pages_title_does_not_reveal_it(learner_client, guides, hidden_page):
    page = make_page("Mine", "Text.")
    response = learner_client.post(
        reverse("knowledge:page_edit", args=[page.slug]),
        {"title": "Leaked Secrets", "category": guides.pk, "body": "Text.", "summary": "",
         "base_revision": page.current_revision.number},
    )  # fmt: skip

    html = response.content.decode()
    assert "That title is taken. Choose a different title." in html
    assert hidden_page.get_absolute_url() not in html
