"""The page form and the editor's preview refuse text past the rendering bounds, saying what
to simplify; pages are rendered before their write transaction begins."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse
from django.utils.html import escape

from knowledge import services
from knowledge.models import Page

pytestmark = pytest.mark.django_db


def _form(category, **overrides):
    data = {"title": "Docker", "category": category.pk, "body": "Containers.", "summary": ""}
    data.update(overrides)
    return data


@pytest.mark.parametrize("body", ["- " * 500 + "x", "1. " * 500 + "x", "> " * 500 + "x"])
def test_page_with_deep_nesting_is_a_form_error_keeping_the_text(learner_client, category, body):
    response = learner_client.post(reverse("knowledge:page_new"), _form(category, body=body))

    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "levels deep" in content and "Flatten them" in content
    assert escape(body[:300]) in content
    assert not Page.objects.exists()


def test_page_edit_with_a_run_of_brackets_is_a_form_error(learner_client, make_page):
    page = make_page(title="Redis", body="Fast.")
    data = {
        "title": page.title, "category": page.category_id, "body": "[[" * 20000,
        "summary": "", "base_revision": 1,
    }  # fmt: skip

    response = learner_client.post(reverse("knowledge:page_edit", args=[page.slug]), data)

    assert response.status_code == HTTPStatus.OK
    assert "links, wiki links or mentions" in response.content.decode()
    assert page.revisions.count() == 1


@pytest.mark.parametrize("content", ["[[" * 20000, "- " * 500 + "x", "1. " * 500 + "x"])
def test_live_preview_says_what_to_simplify(learner_client, content):
    response = learner_client.post(reverse("markdownx_markdownify"), {"content": content})

    assert response.status_code == HTTPStatus.OK
    assert "cannot be shown as it is" in response.content.decode()


def test_live_preview_still_renders_ordinary_text(learner_client):
    response = learner_client.post(
        reverse("markdownx_markdownify"), {"content": "## Hi\n\n- a\n    - b\n\n[[Nowhere]]"}
    )

    html = response.content.decode()
    assert '<h2 id="h-hi">' in html and "<li>b</li>" in html and "wikilink-missing" in html


def test_preview_button_says_what_to_simplify(learner_client, category):
    response = learner_client.post(
        reverse("knowledge:page_new"), _form(category, body="1. " * 500 + "x", preview="1")
    )

    assert response.status_code == HTTPStatus.OK
    assert "cannot be shown as it is" in response.content.decode()


def test_pages_are_rendered_before_the_write_transaction(monkeypatch, learner, category):
    depths = []
    render = services.render_wiki

    def spy(text, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return render(text, **kwargs)

    monkeypatch.setattr(services, "render_wiki", spy)
    outside = len(connection.atomic_blocks)

    page = services.page_create(title="Redis", category=category, body="One.", author=learner)
    services.page_edit(page=page, author=learner, body="Two.", base_revision=1)

    assert depths == [outside, outside]
    assert page.revisions.get(number=2).body_html == "<p>Two.</p>"


def test_a_merged_edit_is_rendered_from_the_merged_text(learner, category):
    page = services.page_create(
        title="Redis", category=category, body="a\n\nb\n\nc", author=learner
    )
    services.page_edit(page=page, author=learner, body="A\n\nb\n\nc", base_revision=1)

    outcome = services.page_edit(page=page, author=learner, body="a\n\nb\n\nC", base_revision=1)

    assert outcome.status == services.EditStatus.MERGED
    assert outcome.revision.body_html == "<p>A</p>\n<p>b</p>\n<p>C</p>"
