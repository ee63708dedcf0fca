"""An edit saved after its author was logged out elsewhere is not lost: after logging in, the
editor holds their text and the revision it started from, so saving merges it as usual."""

from http import HTTPStatus

import pytest

from knowledge import services

pytestmark = pytest.mark.django_db


def test_the_editor_gets_back_an_edit_sent_while_logged_out(
    client, learner, other_learner, make_page
):
    page = make_page(title="Redis", body="Intro.\n\nMiddle.\n\nEnd.\n")
    edit_url = f"/wiki/{page.slug}/edit/"
    mine = "Intro, with my change.\n\nMiddle.\n\nEnd.\n"
    response = client.post(
        edit_url,
        {"title": "Redis", "category": page.category_id, "body": mine,
         "summary": "Sharper intro", "base_revision": 1},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    assert page.revisions.count() == 1

    # Meanwhile someone else saves a change further down.
    services.page_edit(
        page=page, author=other_learner, body="Intro.\n\nMiddle.\n\nEnd, edited.\n",
        base_revision=1,
    )  # fmt: skip

    client.force_login(learner)
    response = client.get(edit_url)
    form = response.context["form"]
    assert form.initial["body"] == mine
    assert form.initial["summary"] == "Sharper intro"
    assert form.initial["base_revision"] == 1  # where the edit started, not the newest
    html = response.content.decode()
    assert "What you typed is back in the form" in html
    assert "What you typed before logging in" not in html  # in the editor, not a banner

    response = client.post(
        edit_url,
        {"title": "Redis", "category": page.category_id, "body": form.initial["body"],
         "summary": form.initial["summary"], "base_revision": form.initial["base_revision"]},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    page.refresh_from_db()
    assert page.current_revision.number == 3
    assert page.current_revision.body == "Intro, with my change.\n\nMiddle.\n\nEnd, edited."


def test_a_new_page_sent_while_logged_out_comes_back_to_the_new_page_form(
    client, learner, category
):
    response = client.post(
        "/wiki/new/", {"title": "Kafka", "category": category.pk, "body": "Logs, not queues."}
    )
    assert response.status_code == HTTPStatus.FOUND
    client.force_login(learner)
    form = client.get("/wiki/new/").context["form"]
    assert form.initial["title"] == "Kafka"
    assert form.initial["body"] == "Logs, not queues."
    assert str(form.initial["category"]) == str(category.pk)


def test_kept_text_for_another_form_is_not_poured_into_this_one(client, learner, make_page):
    page = make_page(title="Redis", body="Intro.\n")
    client.post("/wiki/new/", {"title": "Kafka", "body": "Logs, not queues."})
    client.force_login(learner)
    form = client.get(f"/wiki/{page.slug}/edit/").context["form"]
    assert form.initial["body"] == "Intro."
