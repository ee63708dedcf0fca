import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge import services
from knowledge.models import PageLink, PageRevision, PageWatch
from knowledge.services import EditStatus
from moderation import services as moderation_services
from moderation.models import LogAction, ModerationLogEntry

pytestmark = pytest.mark.django_db


def test_create_makes_revision_one_with_rendered_html(make_page, learner):
    page = make_page(title="Caching", body="## Why\n\nBecause.")

    revision = page.current_revision
    assert page.slug == "caching"
    assert revision.number == 1
    assert revision.author == learner
    assert '<h2 id="h-why">' in revision.body_html
    assert revision.toc_html
    assert revision.size == len("## Why\n\nBecause.")
    assert revision.size_delta == revision.size


def test_reserved_title_gets_a_suffixed_slug(make_page):
    page = make_page(title="New")

    assert page.slug == "new-page"


def test_edit_numbers_revisions_and_records_size_delta(make_page, other_learner):
    page = make_page(body="short")

    outcome = services.page_edit(
        page=page, author=other_learner, body="short and longer", base_revision=1, summary="more"
    )

    assert outcome.status == EditStatus.SAVED
    assert outcome.revision.number == 2
    assert outcome.revision.size_delta == len(" and longer")
    assert outcome.revision.summary == "more"
    assert PageRevision.objects.filter(page=page).count() == 2


def test_edit_without_changes_makes_no_revision(make_page, learner):
    page = make_page(body="same")

    outcome = services.page_edit(page=page, author=learner, body="same\r\n", base_revision=1)

    assert outcome.status == EditStatus.UNCHANGED
    assert page.revisions.count() == 1


def test_edits_that_do_not_overlap_merge(make_page, learner, other_learner):
    page = make_page(body="Intro line.\n\nMiddle part.\n\nClosing line.")
    services.page_edit(
        page=page, author=other_learner, base_revision=1,
        body="Intro line, improved.\n\nMiddle part.\n\nClosing line.",
    )  # fmt: skip

    outcome = services.page_edit(
        page=page, author=learner, base_revision=1,
        body="Intro line.\n\nMiddle part.\n\nClosing line, also improved.",
    )  # fmt: skip

    assert outcome.status == EditStatus.MERGED
    assert outcome.revision.number == 3
    assert outcome.revision.body == (
        "Intro line, improved.\n\nMiddle part.\n\nClosing line, also improved."
    )


def test_overlapping_edits_conflict_and_save_nothing(make_page, learner, other_learner):
    page = make_page(body="One.\n\nTwo.")
    services.page_edit(page=page, author=other_learner, base_revision=1, body="Uno.\n\nTwo.")

    outcome = services.page_edit(page=page, author=learner, base_revision=1, body="Eins.\n\nTwo.")

    assert outcome.status == EditStatus.CONFLICT
    assert outcome.revision.number == 2
    assert "Eins." in outcome.merged_text and "Uno." in outcome.merged_text
    assert page.revisions.count() == 2


def test_outgoing_links_are_kept_current(make_page):
    target = make_page(title="Redis")
    page = make_page(title="Celery", body="Uses [[Redis]] and [[RabbitMQ]].")

    links = dict(PageLink.objects.filter(source=page).values_list("target_slug", "target"))
    assert links == {"redis": target.pk, "rabbitmq": None}

    services.page_edit(
        page=page, author=page.created_by, body="Only [[RabbitMQ]].", base_revision=1
    )

    assert list(PageLink.objects.filter(source=page).values_list("target_slug", flat=True)) == [
        "rabbitmq"
    ]


def test_creating_a_missing_page_makes_links_to_it_live(make_page):
    source = make_page(title="Celery", body="Needs a [[Message broker]].")
    assert "wikilink-missing" in source.current_revision.body_html

    broker = make_page(title="Message broker")

    source.current_revision.refresh_from_db()
    assert 'href="/wiki/message-broker/" class="wikilink"' in source.current_revision.body_html
    assert PageLink.objects.get(source=source).target == broker


def test_hundreds_of_links_take_a_constant_number_of_queries(make_page, learner):
    for n in range(20):
        make_page(title=f"Existing {n}")
    few, many = make_page(title="Few"), make_page(title="Many")

    def queries_for(page, links):
        body = "\n".join(f"- [[Existing {n % 20}]] and [[Missing {n}]]" for n in range(links))
        with CaptureQueriesContext(connection) as captured:
            services.page_edit(page=page, author=learner, body=body, base_revision=1)
        return len(captured)

    # The link bookkeeping costs the same for 3 links as for 300 (no query per link).
    assert queries_for(many, 300) == queries_for(few, 3)
    assert PageLink.objects.filter(source=many).count() == 320


def test_revert_makes_a_new_revision_and_logs_it(make_page, other_learner, moderator):
    page = make_page(body="good text")
    services.page_edit(page=page, author=other_learner, body="vandalism", base_revision=1)

    revision = moderation_services.page_revert(
        page=page, number=1, moderator=moderator, reason="spam"
    )

    assert revision.number == 3
    assert revision.body == "good text"
    assert revision.reverted_from == 1
    entry = ModerationLogEntry.objects.get()
    assert entry.action == LogAction.REVERT
    assert entry.actor == moderator
    assert entry.reason == "spam"


def test_protect_and_unprotect_are_logged(make_page, moderator):
    page = make_page()

    moderation_services.page_set_protected(
        page=page, moderator=moderator, protected=True, reason="r"
    )
    moderation_services.page_set_protected(page=page, moderator=moderator, protected=False)

    actions = list(ModerationLogEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [LogAction.PROTECT, LogAction.UNPROTECT]


def test_watch_twice_is_one_watch(make_page, other_learner):
    page = make_page()

    services.page_watch(page=page, user=other_learner)
    services.page_watch(page=page, user=other_learner)
    assert PageWatch.objects.filter(page=page).count() == 1

    services.page_unwatch(page=page, user=other_learner)
    assert not PageWatch.objects.exists()
