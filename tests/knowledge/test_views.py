"""Wiki pages: creating, reading and editing (merges, conflicts, protected pages)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Page
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _form(category, **overrides):
    data = {"title": "Docker", "category": category.pk, "body": "Containers.", "summary": ""}
    data.update(overrides)
    return data


def _edit(page, **overrides):
    data = {
        "title": page.title, "category": page.category_id, "body": page.current_revision.body,
        "summary": "", "base_revision": page.current_revision.number,
    }  # fmt: skip
    data.update(overrides)
    return data


# --- Creating ---------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("knowledge:page_new"))

    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_new_page_form_has_the_contract_field_names(learner_client, topic):
    response = learner_client.get(reverse("knowledge:page_new") + "?title=Message%20broker")

    html = response.content.decode()
    for name in ["title", "category", "body", "summary", "base_revision", "topics"]:
        assert f'name="{name}"' in html
    assert 'value="Message broker"' in html
    assert "markdownx" in html


def test_learner_creates_a_page(learner_client, category, learner):
    response = learner_client.post(reverse("knowledge:page_new"), _form(category))

    page = Page.objects.get(slug="docker")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == page.get_absolute_url()
    assert page.current_revision.author == learner


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required"),
        ({"title": "   "}, "This field is required"),
        ({"title": "?!…"}, "at least one letter or digit"),
        ({"body": ""}, "This field is required"),
        ({"body": "   \n  "}, "page body is empty"),
    ],
)
def test_bad_input_comes_back_with_the_text(learner_client, category, overrides, message):
    data = _form(category, summary="my summary text", **overrides)

    response = learner_client.post(reverse("knowledge:page_new"), data)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert message in html
    assert "my summary text" in html
    assert not Page.objects.exists()


def test_duplicate_title_is_an_error(learner_client, category, make_page):
    make_page(title="Docker")

    response = learner_client.post(
        reverse("knowledge:page_new"), _form(category, title="docker", body="My own text")
    )

    assert response.status_code == HTTPStatus.OK
    assert "already exists" in response.content.decode()
    assert "My own text" in response.content.decode()
    assert Page.objects.count() == 1


def test_reserved_title_gets_a_suffixed_slug(learner_client, category):
    learner_client.post(reverse("knowledge:page_new"), _form(category, title="Changes"))

    assert Page.objects.get().slug == "changes-page"


def test_body_over_the_limit_is_an_error(learner_client, category, settings):
    settings.NEXUS_MAX_BODY_CHARS = 200_000
    body = "x" * 200_001

    response = learner_client.post(reverse("knowledge:page_new"), _form(category, body=body))

    assert response.status_code == HTTPStatus.OK
    assert "too long" in response.content.decode()
    assert body in response.content.decode()
    assert not Page.objects.exists()


def test_preview_button_renders_without_saving(learner_client, category):
    response = learner_client.post(
        reverse("knowledge:page_new"), _form(category, body="## Heading", preview="1")
    )

    assert '<h2 id="h-heading">' in response.content.decode()
    assert not Page.objects.exists()


def test_suspended_learner_cannot_create(client, category):
    from datetime import timedelta

    from django.utils import timezone

    user = UserFactory(suspended_until=timezone.now() + timedelta(days=1))
    client.force_login(user)

    response = client.post(reverse("knowledge:page_new"), _form(category))

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Page.objects.exists()


# --- Reading ----------------------------------------------------------------------------------


def test_reader_sees_a_page_with_toc_and_backlinks(client, make_page):
    target = make_page(title="Redis", body="## Uses\n\nCache and broker.")
    make_page(title="Celery", body="Broker: [[Redis]].")

    response = client.get(target.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'href="#h-uses"' in html
    assert "Linked from" in html
    assert 'href="/wiki/celery/"' in html


def test_unknown_page_is_404(client, db):
    assert client.get("/wiki/no-such-page/").status_code == HTTPStatus.NOT_FOUND


def test_hidden_page_is_404_for_learners_but_not_moderators(
    learner_client, make_page, moderator, client
):
    from django.utils import timezone

    page = make_page()
    Page.objects.filter(pk=page.pk).update(hidden_at=timezone.now())

    assert learner_client.get(page.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(moderator)
    assert client.get(page.get_absolute_url()).status_code == HTTPStatus.OK


def test_page_list_groups_by_category(client, make_page):
    make_page(title="Caching")

    response = client.get(reverse("knowledge:page_list"))

    assert "Concepts" in response.content.decode()
    assert "Caching" in response.content.decode()


@pytest.mark.parametrize("number", ["999999", "abc", "-1", "0"])
def test_odd_page_numbers_give_a_normal_page(client, make_page, number):
    make_page()

    response = client.get(reverse("knowledge:page_list") + f"?page={number}")

    assert response.status_code == HTTPStatus.OK


def test_page_view_query_budget_for_a_reader(
    client, make_page, learner, django_assert_max_num_queries
):
    target = make_page(
        title="Target", body="[[Hub]] " + " ".join(f"[[Other {n}]]" for n in range(50))
    )
    for n in range(60):
        make_page(title=f"Source {n}", body="Links to [[Target]].")
    for n in range(30):
        services.page_edit(
            page=target, author=learner, body=f"[[Hub]] rev {n}", base_revision=n + 1
        )

    with django_assert_max_num_queries(5):
        response = client.get(target.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('href="/wiki/source-') == 60


def test_page_view_query_budget_for_a_learner(
    learner_client, make_page, django_assert_max_num_queries
):
    target = make_page(title="Target")
    for n in range(40):
        make_page(title=f"Source {n}", body="Links to [[Target]].")

    # The reader's 4, plus session, user and the header's unread count (cached after this).
    with django_assert_max_num_queries(7):
        response = learner_client.get(target.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    with django_assert_max_num_queries(6):
        response = learner_client.get(target.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('href="/wiki/source-') == 40


# --- Editing ----------------------------------------------------------------------------------


def test_edit_form_carries_the_base_revision(learner_client, make_page):
    page = make_page()

    response = learner_client.get(reverse("knowledge:page_edit", args=[page.slug]))

    assert 'name="base_revision" value="1"' in response.content.decode()


def test_learner_edits_a_page(learner_client, make_page):
    page = make_page()

    response = learner_client.post(
        reverse("knowledge:page_edit", args=[page.slug]), _edit(page, body="New text", summary="s")
    )

    page.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert page.current_revision.number == 2
    assert page.current_revision.body == "New text"


def test_edit_requires_base_revision(learner_client, make_page):
    page = make_page()
    data = _edit(page, body="New text")
    del data["base_revision"]

    response = learner_client.post(reverse("knowledge:page_edit", args=[page.slug]), data)

    assert response.status_code == HTTPStatus.OK
    assert page.revisions.count() == 1


def test_non_overlapping_edit_merges_and_says_so(learner_client, make_page, other_learner):
    page = make_page(body="First.\n\nSecond.\n\nThird.")
    services.page_edit(
        page=page, author=other_learner, body="First!\n\nSecond.\n\nThird.", base_revision=1
    )

    response = learner_client.post(
        reverse("knowledge:page_edit", args=[page.slug]),
        _edit(page, body="First.\n\nSecond.\n\nThird!", base_revision=1),
        follow=True,
    )

    page.refresh_from_db()
    assert page.current_revision.body == "First!\n\nSecond.\n\nThird!"
    assert "merged" in response.content.decode()


def test_overlapping_edit_shows_conflict_page_with_the_users_text(
    learner_client, make_page, other_learner
):
    page = make_page(body="Same line.")
    services.page_edit(page=page, author=other_learner, body="Their line.", base_revision=1)

    response = learner_client.post(
        reverse("knowledge:page_edit", args=[page.slug]),
        _edit(page, body="My precious line.", base_revision=1),
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Edit conflict" in html
    assert "My precious line." in html
    assert "Their line." in html
    assert 'name="base_revision" value="2"' in html
    assert page.revisions.count() == 2


def test_protected_page_is_editable_by_moderators_only(
    learner_client, make_page, moderator, client
):
    page = make_page()
    Page.objects.filter(pk=page.pk).update(is_protected=True)
    url = reverse("knowledge:page_edit", args=[page.slug])

    assert learner_client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert learner_client.post(url, _edit(page, body="x")).status_code == HTTPStatus.FORBIDDEN
    assert "is protected" in learner_client.get(page.get_absolute_url()).content.decode()
    client.force_login(moderator)
    assert client.post(url, _edit(page, body="y")).status_code == HTTPStatus.FOUND
