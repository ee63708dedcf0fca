"""Renaming a page moves it to its new title's URL without breaking anything that pointed at it:
old URLs redirect, [[Old title]] links still find it, an edit begun before the rename saves."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Page, PageAlias

pytestmark = pytest.mark.django_db


def _rename(page, title, author):
    page = Page.objects.with_current().get(pk=page.pk)
    return services.page_edit(
        page=page, author=author, body=page.current_revision.body,
        base_revision=page.current_revision.number, title=title,
    ).page  # fmt: skip


def _link_href(html, label):
    marker = f">{label}</a>"
    assert marker in html, html
    start = html.rindex("<a ", 0, html.index(marker))
    return html[start : html.index(marker)]


def test_a_renamed_page_moves_and_its_old_urls_redirect(client, make_page, learner):
    celery = make_page(title="Celery", body="Tasks.")
    services.page_edit(
        page=Page.objects.with_current().get(pk=celery.pk), author=learner,
        body="Tasks, retried.", base_revision=1,
    )  # fmt: skip

    renamed = _rename(celery, "Celery basics", learner)

    assert renamed.slug == "celery-basics"
    for old, new in [
        ("/wiki/celery/", "/wiki/celery-basics/"),
        ("/wiki/celery/history/", "/wiki/celery-basics/history/"),
        ("/wiki/celery/revisions/1/", "/wiki/celery-basics/revisions/1/"),
        ("/wiki/celery/diff/?from=1&to=2", "/wiki/celery-basics/diff/?from=1&to=2"),
    ]:
        response = client.get(old)
        assert response.status_code == HTTPStatus.FOUND, old
        assert response["Location"] == new
        assert client.get(new).status_code == HTTPStatus.OK
    feed = client.get("/wiki/celery/history/feed/")
    assert feed.status_code == HTTPStatus.OK
    assert b"/wiki/celery-basics/history/" in feed.content
    # A revision that never existed is still a 404, at the old URL and the new.
    assert client.get("/wiki/celery/revisions/9/", follow=True).status_code == 404


def test_links_by_the_old_title_still_find_the_page(client, make_page, learner):
    celery = make_page(title="Celery", body="Tasks.")
    guide = make_page(title="Task queues", body="See [[Celery]].")

    _rename(celery, "Celery basics", learner)

    detail = client.get("/wiki/celery-basics/")
    assert [p.title for p in detail.context["backlinks"]] == ["Task queues"]
    # The old stored link redirects; a fresh save and a new page link straight to the new URL.
    services.page_edit(
        page=Page.objects.with_current().get(pk=guide.pk), author=learner,
        body="See [[Celery]] first.", base_revision=1,
    )  # fmt: skip
    newer = make_page(title="Retries", body="Retry with [[Celery|the task queue]].")
    for page, label in [(guide, "Celery"), (newer, "the task queue")]:
        html = Page.objects.with_current().get(pk=page.pk).current_revision.body_html
        assert 'href="/wiki/celery-basics/"' in _link_href(html, label)
        assert "wikilink-missing" not in _link_href(html, label)
    assert {p.title for p in client.get("/wiki/celery-basics/").context["backlinks"]} == {
        "Task queues",
        "Retries",
    }


def test_an_edit_begun_before_a_rename_is_saved_not_lost(learner_client, make_page, other_learner):
    page = make_page(title="Celery", body="Intro.\n\nRetries.")
    form = learner_client.get("/wiki/celery/edit/").context["form"]
    base = form.initial["base_revision"]

    _rename(page, "Celery basics", other_learner)
    response = learner_client.post(
        "/wiki/celery/edit/",
        {"title": "Celery", "category": page.category_id, "summary": "backoff",
         "body": "Intro.\n\nRetries, with backoff.", "base_revision": base},
    )  # fmt: skip

    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.current_revision.body == "Intro.\n\nRetries, with backoff."
    assert page.current_revision.number == 3


def test_a_new_page_can_take_a_renamed_pages_old_name(client, make_page, learner):
    old = make_page(title="Celery", body="Tasks.")
    guide = make_page(title="Task queues", body="See [[Celery]].")
    _rename(old, "Celery 4 notes", learner)

    new = make_page(title="Celery", body="The current Celery page.")

    assert new.slug == "celery"
    assert not PageAlias.objects.filter(slug="celery").exists()
    assert client.get("/wiki/celery/").context["page"] == new
    assert [p.title for p in client.get("/wiki/celery/").context["backlinks"]] == [guide.title]
    assert client.get("/wiki/celery-4-notes/").context["backlinks"] == []


def test_a_rename_keeps_the_slug_when_the_new_one_is_taken(make_page, learner):
    make_page(title="Redis", body="A store.")
    page = make_page(title="Caching", body="Keep it.")

    renamed = _rename(page, "Redis?", learner)

    assert (renamed.title, renamed.slug) == ("Redis?", "caching")
    assert not PageAlias.objects.exists()


def test_renaming_back_returns_to_the_old_url(client, make_page, learner):
    page = make_page(title="Celery", body="Tasks.")
    _rename(page, "Celery basics", learner)

    back = _rename(page, "Celery", learner)

    assert back.slug == "celery"
    assert list(PageAlias.objects.values_list("slug", flat=True)) == ["celery-basics"]
    assert client.get("/wiki/celery-basics/")["Location"] == "/wiki/celery/"


def test_restoring_a_revision_restores_its_title_and_url(moderator_client, make_page, learner):
    page = make_page(title="Celery", body="Tasks.")
    _rename(page, "Celery basics", learner)

    response = moderator_client.post(
        reverse("page_revert", args=["celery-basics", 1]), {"reason": "bad rename"}
    )

    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert (page.title, page.slug) == ("Celery", "celery")


def test_restoring_an_old_title_that_another_page_took_keeps_the_current_one(
    moderator_client, make_page, learner
):
    page = make_page(title="Celery", body="Tasks.")
    _rename(page, "Celery basics", learner)
    make_page(title="Celery", body="Someone else's Celery page.")

    response = moderator_client.post(
        reverse("page_revert", args=["celery-basics", 1]), {"reason": "bad rename"}
    )

    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert (page.title, page.slug) == ("Celery basics", "celery-basics")
    assert page.current_revision.body == "Tasks."
