"""Smaller copy and flow problems on challenges (issue 12, defect 7)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from discussions import services
from discussions.forms import ChallengeForm
from knowledge import services as knowledge_services
from knowledge.models import Category
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_wiki_links_work_in_challenges_solutions_and_comments(challenge, learner, other_learner):
    knowledge_services.page_create(
        title="Celery", category=Category.objects.first(), body="Queues.", author=learner
    )
    solution = services.solution_create(
        challenge=challenge, author=other_learner, body="Read [[Celery]] and [[Nowhere yet]]."
    )
    comment = services.comment_create(target=solution, author=learner, body="See [[celery]].")
    edited = services.challenge_edit(
        challenge=challenge, editor=learner, title=challenge.title, body="Per [[Celery]]."
    )
    assert 'href="/wiki/celery/"' in solution.body_html
    assert 'href="/wiki/new/?title=Nowhere%20yet"' in solution.body_html
    assert 'href="/wiki/celery/"' in comment.body_html
    assert 'href="/wiki/celery/"' in edited.body_html


def test_the_last_minute_reads_just_now(db):
    render = Template("{{ a|ago }}|{{ b|ago }}").render
    now = timezone.now()
    text = render(Context({"a": now - timedelta(seconds=20), "b": now - timedelta(hours=3)}))
    assert text == "just now|3\xa0hours ago"


def test_a_fresh_challenge_page_says_just_now(challenge, client):
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "just now" in html
    assert "0\xa0minutes ago" not in html


def test_a_held_posts_author_sees_the_notice_once(client, db):
    newcomer = UserFactory(approved_posts=0)
    client.force_login(newcomer)
    response = client.post(
        reverse("discussions:challenge_new"),
        {"title": "My first challenge here", "body": "Help me please."},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count("Awaiting review: a moderator will look at it soon.") == 1
    assert "Your challenge is awaiting review" not in html


def test_why_a_solution_cannot_be_posted_is_said(challenge, client):
    suspended = UserFactory(suspended_until=timezone.now() + timedelta(days=1))
    client.force_login(suspended)
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "You can't post a solution here right now. Your account is suspended until" in html


def test_a_tampered_topic_id_gets_a_plain_error(db):
    for tampered in ("999", "abc", "[1]", "99999999999999999999999"):
        data = QueryDict(mutable=True)
        data.update({"title": "A long enough title", "body": "Text."})
        data.setlist("topics", [tampered])
        form = ChallengeForm(data)
        assert not form.is_valid()
        assert form.errors["topics"] == [
            "One of the topics sent is not in the list. Tick the topics again."
        ]


def test_a_tampered_topic_on_the_form_page_is_a_200_with_the_error(learner_client):
    response = learner_client.post(
        reverse("discussions:challenge_new"),
        {"title": "A long enough title", "body": "Text.", "topics": ["99999999999999999999999"]},
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Tick the topics again" in html
    assert "[" not in html.split("Tick the topics again")[0][-200:]
