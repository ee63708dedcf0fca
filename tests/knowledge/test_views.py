from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Category, Page, PageWatch
from moderation.models import LogAction, ModerationLogEntry
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
        learner_client.get(target.get_absolute_url())
    with django_assert_max_num_queries(6):
        learner_client.get(target.get_absolute_url())


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


# --- History and diffs ------------------------------------------------------------------------


@pytest.fixture
def page_with_history(make_page, learner, other_learner):
    page = make_page(body="alpha beta gamma\nsecond line")
    services.page_edit(
        page=page,
        author=other_learner,
        body="alpha BETA gamma\nsecond line",
        base_revision=1,
        summary="caps",
    )
    services.page_edit(
        page=page, author=learner, body="alpha BETA gamma\nsecond line\nthird", base_revision=2
    )
    return page


def test_history_lists_revisions_with_compare_form(client, page_with_history):
    response = client.get(reverse("knowledge:page_history", args=[page_with_history.slug]))

    html = response.content.decode()
    assert 'name="from"' in html and 'name="to"' in html
    assert f'action="{reverse("knowledge:page_diff", args=[page_with_history.slug])}"' in html
    assert "caps" in html
    assert "grace" in html


def test_history_query_budget(client, make_page, django_assert_max_num_queries):
    page = make_page()
    authors = [UserFactory() for _ in range(5)]
    for n in range(45):
        services.page_edit(page=page, author=authors[n % 5], body=f"v{n}", base_revision=n + 1)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("knowledge:page_history", args=[page.slug]) + "?page=2")

    assert response.status_code == HTTPStatus.OK


def test_old_revision_is_shown(client, page_with_history):
    response = client.get(reverse("knowledge:revision_detail", args=[page_with_history.slug, 1]))

    assert "alpha beta gamma" in response.content.decode()
    assert "old revision" in response.content.decode()


def test_missing_revision_is_404(client, page_with_history):
    url = reverse("knowledge:revision_detail", args=[page_with_history.slug, 99])

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_diff_highlights_words(client, page_with_history):
    url = reverse("knowledge:page_diff", args=[page_with_history.slug])

    response = client.get(url + "?from=1&to=2")

    html = response.content.decode()
    assert '<del class="diff-del">beta</del>' in html
    assert '<ins class="diff-ins">BETA</ins>' in html


def test_diff_escapes_the_text(client, make_page, learner):
    page = make_page(body="plain")
    services.page_edit(page=page, author=learner, body="<script>alert(1)</script>", base_revision=1)

    response = client.get(reverse("knowledge:page_diff", args=[page.slug]) + "?from=1&to=2")

    assert "<script>alert(1)" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.parametrize("query", ["?from=1&to=9", "?from=abc&to=2", "?from=0&to=1", "?from=&to="])
def test_bad_diff_range_is_404(client, page_with_history, query):
    url = reverse("knowledge:page_diff", args=[page_with_history.slug]) + query

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_diff_fragment_for_htmx(client, page_with_history):
    url = reverse("knowledge:page_diff", args=[page_with_history.slug]) + "?from=1&to=3"

    response = client.get(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "diff-ins" in html


# --- Recent changes and feeds -----------------------------------------------------------------


def test_recent_changes_filters_by_author_and_category(
    client, page_with_history, make_page, other_learner
):
    Category.objects.get(slug="guides")

    response = client.get(reverse("knowledge:recent_changes") + "?author=grace")
    assert response.content.decode().count("<li><a href") == 1

    response = client.get(reverse("knowledge:recent_changes") + "?category=guides")
    assert "No changes match" in response.content.decode()


def test_recent_changes_query_budget(client, make_page, learner, django_assert_max_num_queries):
    for n in range(30):
        page = make_page(title=f"Page {n}", author=UserFactory())
        services.page_edit(page=page, author=learner, body="changed", base_revision=1)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("knowledge:recent_changes") + "?page=2")

    assert response.status_code == HTTPStatus.OK


def test_atom_feeds(client, page_with_history):
    feed = client.get(reverse("knowledge:recent_changes_feed"))
    history = client.get(reverse("knowledge:page_history_feed", args=[page_with_history.slug]))

    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.count(b"<entry>") == 3
    assert history.content.count(b"<entry>") == 3
    assert b"caps" in history.content


# --- Watching, protecting, reverting ----------------------------------------------------------


def test_watch_and_unwatch_with_a_plain_form(learner_client, make_page, learner):
    page = make_page()
    url = reverse("knowledge:page_watch", args=[page.slug])

    assert learner_client.post(url, {"watch": "1"}).status_code == HTTPStatus.FOUND
    assert PageWatch.objects.filter(page=page, user=learner).exists()
    learner_client.post(url, {"watch": "0"})
    assert not PageWatch.objects.exists()


def test_watch_toggle_with_htmx_returns_the_button(learner_client, make_page):
    page = make_page()

    response = learner_client.post(
        reverse("knowledge:page_watch", args=[page.slug]),
        {"watch": "1"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "Unwatch" in html
    assert "<html" not in html


def test_anonymous_watch_goes_to_login(client, make_page):
    page = make_page()

    response = client.post(reverse("knowledge:page_watch", args=[page.slug]))

    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_learner_cannot_protect(learner_client, make_page):
    page = make_page()

    response = learner_client.post(reverse("moderation:page_protect", args=[page.pk]))

    assert response.status_code == HTTPStatus.FORBIDDEN
    page.refresh_from_db()
    assert not page.is_protected


def test_moderator_protects_and_it_is_logged(moderator_client, make_page):
    page = make_page()

    page_url = page.get_absolute_url()
    protect_url = reverse("moderation:page_protect", args=[page.pk])
    assert protect_url in moderator_client.get(page_url).content.decode()

    response = moderator_client.post(protect_url, {"reason": "edit war", "next": page_url})

    page.refresh_from_db()
    assert response["Location"] == page_url
    assert page.is_protected
    assert "protected" in moderator_client.get(page_url).content.decode().lower()
    assert ModerationLogEntry.objects.get().action == LogAction.PROTECT


def test_moderator_restores_an_old_revision(moderator_client, page_with_history):
    page = page_with_history

    response = moderator_client.post(reverse("page_revert", args=[page.slug, 1]))

    page.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert page.current_revision.number == 4
    assert page.current_revision.body == "alpha beta gamma\nsecond line"
    assert ModerationLogEntry.objects.get().action == LogAction.REVERT


def test_learner_cannot_restore(learner_client, page_with_history):
    url = reverse("page_revert", args=[page_with_history.slug, 1])

    assert learner_client.post(url).status_code == HTTPStatus.FORBIDDEN


def test_restore_of_missing_revision_is_404(moderator_client, page_with_history):
    url = reverse("page_revert", args=[page_with_history.slug, 42])

    assert moderator_client.post(url).status_code == HTTPStatus.NOT_FOUND


def test_page_shows_the_watch_state(learner_client, make_page, learner):
    page = make_page()
    services.page_watch(page=page, user=learner)

    html = learner_client.get(page.get_absolute_url()).content.decode()

    assert 'name="watch" value="0"' in html
    assert "Unwatch" in html
