"""The import, preview, create, portfolio, edit and export pages, as a learner uses them."""

import html as html_lib
import re
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from discussions.models import Challenge, Solution
from portfolios.models import DeclaredTerm, ImportedChallenge, Note, Portfolio
from tests.factories import (
    UserFactory,
    make_challenge,
    make_declared_term,
    make_note,
    make_page,
    make_solution,
    make_topic,
)

pytestmark = pytest.mark.django_db

READMES = Path(__file__).parent / "readmes"


def readme(name: str) -> str:
    return (READMES / name).read_text(encoding="utf-8")


def import_url(user) -> str:
    return f"/u/{user.username}/learnings/import/"


def preview(client, user, text: str):
    return client.post(import_url(user), {"readme": text})


def form_fields(html: str) -> dict:
    """The preview's form as a browser would send it untouched: the hidden README and every
    ticked box (HTML-unescaped)."""
    forms = re.findall(
        r'<form method="post" action="([^"]*)" class="portfolio-preview">(.*?)</form>', html, re.S
    )
    assert len(forms) == 1
    action, body = forms[0]
    readme_value = re.search(r'<input type="hidden" name="readme" value="([^"]*)"', body, re.S)
    items = re.findall(r'<input type="checkbox" name="items" value="([^"]*)" checked>', body)
    return {
        "action": action,
        "data": {
            "readme": html_lib.unescape(readme_value.group(1)),
            "items": items,
        },
    }


def import_all(client, user, text: str):
    response = preview(client, user, text)
    assert response.status_code == HTTPStatus.OK
    sent = form_fields(response.content.decode())
    return client.post(sent["action"], sent["data"])


# --- the contract --------------------------------------------------------------------------


def test_the_import_form_has_a_readme_textarea_a_file_field_and_previews_by_default(
    learner_client, learner
):
    response = learner_client.get(import_url(learner))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert re.search(r'<textarea name="readme"', html)
    assert re.search(r'<input type="file" name="file"', html)
    form = html[html.index('class="stack-form portfolio-import-form"') :]
    first_button = re.search(r"<button[^>]*>([^<]*)</button>", form).group(1)
    assert "Preview" in first_button


def test_the_preview_submitted_as_it_comes_creates_everything_and_redirects(
    learner_client, learner
):
    python = make_topic("Python")
    make_page("Python", "The language.", topics=[python])
    response = preview(learner_client, learner, readme("emoji_bold_dash.md"))
    html = response.content.decode()
    assert "Slow API responses" in html and "Added pagination, indexes and Redis caching" in html
    assert html.count('type="checkbox" name="items"') == html.count("checked>")

    sent = form_fields(html)
    response = learner_client.post(sent["action"], sent["data"])

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/u/{learner.username}/learnings/"
    challenges = Challenge.objects.filter(author=learner)
    assert sorted(challenges.values_list("title", flat=True)) == [
        "Celery workers would not start in production",
        "Emails blocking requests",
        "Slow API responses",
    ]
    for challenge in challenges:
        assert challenge.status == Challenge.Status.SOLVED
        solution = challenge.solutions.get()
        assert solution.author == learner and solution.is_accepted
        assert ImportedChallenge.objects.filter(challenge=challenge, user=learner).exists()
    terms = {t.name: t for t in DeclaredTerm.objects.filter(user=learner)}
    assert terms["Python"].topic == python  # matched, not a new topic
    assert terms["Database Design"].kind == "concept"
    assert Note.objects.filter(user=learner).count() == 3
    portfolio = Portfolio.objects.get(user=learner)
    assert "ProDev Backend Engineering" in portfolio.overview
    assert "Discord" in portfolio.collaboration

    page = learner_client.get(response["Location"]).content.decode()
    assert "Imported 3 challenges, 9 technologies and concepts, 3 takeaways." in page
    for challenge in challenges:
        assert f'<a href="{challenge.get_absolute_url()}">{challenge.title}</a>' in page
    assert '<a href="/wiki/python/"><strong>Python</strong></a>' in page


def test_importing_the_same_readme_again_creates_nothing(learner_client, learner):
    import_all(learner_client, learner, readme("three_columns.md"))
    counts = (Challenge.objects.count(), Solution.objects.count(), Note.objects.count(),
              DeclaredTerm.objects.count())  # fmt: skip

    response = preview(learner_client, learner, readme("three_columns.md"))
    assert 'type="checkbox" name="items"' not in response.content.decode()
    assert "already in your portfolio" in response.content.decode()
    import_all(learner_client, learner, readme("three_columns.md"))

    assert counts == (Challenge.objects.count(), Solution.objects.count(), Note.objects.count(),
                      DeclaredTerm.objects.count())  # fmt: skip


def test_export_then_import_creates_nothing_new(learner_client, learner, other_learner):
    import_all(learner_client, learner, readme("headings_challenges.md"))
    # Work done on the hub, not imported: a challenge solved for someone else, a takeaway.
    theirs = make_challenge("CORS errors in the React app", author=other_learner)
    make_solution(theirs, "django-cors-headers with an allow-list", author=learner)
    counts = (Challenge.objects.count(), Solution.objects.count(), Note.objects.count(),
              DeclaredTerm.objects.count())  # fmt: skip
    portfolio = Portfolio.objects.get(user=learner)
    overview = portfolio.overview

    exported = learner_client.get(f"/u/{learner.username}/learnings/README.md")
    assert exported.status_code == HTTPStatus.OK
    assert exported["Content-Type"].startswith("text/markdown")
    assert "attachment" in exported["Content-Disposition"]
    text = exported.content.decode()
    assert "## Key Technologies" in text and "- **PostgreSQL** – Relational database" in text
    assert "| Challenge | Solution |" in text
    assert "CORS errors in the React app" in text
    assert "http" in text and f"/u/{other_learner.username}/" in text

    import_all(learner_client, learner, text)

    assert counts == (Challenge.objects.count(), Solution.objects.count(), Note.objects.count(),
                      DeclaredTerm.objects.count())  # fmt: skip
    portfolio.refresh_from_db()
    assert portfolio.overview == overview


def test_unticked_items_are_not_created(learner_client, learner):
    response = preview(learner_client, learner, readme("three_columns.md"))
    sent = form_fields(response.content.decode())
    items = [i for i in sent["data"]["items"] if i not in {"challenge:0", "technology:1"}]
    learner_client.post(sent["action"], {**sent["data"], "items": items})
    titles = set(Challenge.objects.values_list("title", flat=True))
    assert "N+1 queries" not in titles and "Large uploads" in titles
    names = set(DeclaredTerm.objects.values_list("name", flat=True))
    assert names == {"Celery", "Redis"}


def test_ids_sent_from_the_page_are_never_trusted_beyond_the_ticks(learner_client, learner):
    """A made-up item key or another learner's challenge id creates nothing extra."""
    response = learner_client.post(
        f"/u/{learner.username}/learnings/import/create/",
        {"readme": readme("headerless_table.md"), "items": ["challenge:0", "challenge:99", "x"]},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert list(Challenge.objects.values_list("title", flat=True)) == [
        "Memory blow-up on CSV import"
    ]


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"readme": "   \n  "}, "The README is empty"),
        ({"readme": "# Big\n" + "x" * (201 * 1024)}, "at most 200"),
        ({"readme": "<!DOCTYPE html><html><body>hi</body></html>"}, "not Markdown"),
        ({"readme": '{"name": "not a readme"}'}, "JSON, not Markdown"),
    ],
)
def test_bad_text_gets_a_clear_error_and_is_kept(learner_client, learner, data, message):
    response = learner_client.post(import_url(learner), data)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert message in html
    kept = data["readme"].strip()[:20]
    assert html_lib.escape(kept) in html
    assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Markdown or text file"),
        ("notes.md", b"\x00\x01\x02binary\x00", "binary"),
        ("notes.md", b"# Big\n" + b"y" * (201 * 1024), "at most 200"),
        ("empty.md", b"", "empty"),
    ],
)
def test_bad_uploads_get_a_clear_error(learner_client, learner, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = learner_client.post(import_url(learner), {"readme": "typed text", "file": upload})
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert "typed text" in response.content.decode()


def test_an_uploaded_file_is_read_and_repaired(learner_client, learner):
    data = readme("emoji_bold_dash.md").encode("utf-8")
    upload = SimpleUploadedFile("README.md", data, content_type="text/markdown")
    response = learner_client.post(import_url(learner), {"file": upload})
    html = response.content.decode()
    assert "Emails blocking requests" in html and "Django REST Framework" in html


def test_hostile_markdown_is_inert_in_the_preview_and_on_the_portfolio(learner_client, learner):
    response = preview(learner_client, learner, readme("hostile.md"))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<script>alert" not in html and "<iframe" not in html
    # Shown as written (escaped) where it is text, sanitised where it is rendered: no live tag,
    # handler or link survives.
    assert 'href="javascript:' not in html and 'onerror="' not in html and "<img" not in html
    assert 'hx-get="/steal"' not in html
    sent = form_fields(html)
    learner_client.post(sent["action"], sent["data"])
    page = learner_client.get(f"/u/{learner.username}/learnings/").content.decode()
    assert "<script>alert" not in page and "<script>steal" not in page and "<iframe" not in page
    assert 'href="javascript:' not in page and "onerror" not in page
    assert 'hx-get="/steal"' not in page
    assert "htmx attack" in page  # the text itself is kept


def test_a_readme_with_nothing_recognisable_goes_into_the_overview(learner_client, learner):
    text = readme("empty_headings.md")
    html = preview(learner_client, learner, text).content.decode()
    assert "Could not place" in html and "Random Notes" in html
    import_all(learner_client, learner, text)
    overview = Portfolio.objects.get(user=learner).overview
    assert "Some text the importer does not know where to put." in overview


def test_a_huge_page_number_is_a_normal_page(client, learner):
    make_challenge("One", author=learner)
    response = client.get(f"/u/{learner.username}/learnings/?challenges_page=999999999999")
    assert response.status_code == HTTPStatus.OK
    assert "One" in response.content.decode()


# --- permissions ---------------------------------------------------------------------------


def test_anonymous_readers_see_a_portfolio_but_are_sent_to_log_in_to_import(client, learner):
    assert client.get(f"/u/{learner.username}/learnings/").status_code == HTTPStatus.OK
    assert client.get(f"/u/{learner.username}/learnings/README.md").status_code == HTTPStatus.OK
    response = client.get(import_url(learner))
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"]
    response = client.post(
        f"/u/{learner.username}/learnings/import/create/", {"readme": "# Overview\nhi"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Portfolio.objects.exists()


def test_only_the_owner_imports_or_edits(client, learner, other_learner, moderator):
    for intruder in (other_learner, moderator):
        client.force_login(intruder)
        assert client.get(import_url(learner)).status_code == HTTPStatus.FORBIDDEN
        response = client.post(
            f"/u/{learner.username}/learnings/import/create/",
            {"readme": readme("headerless_table.md"), "items": ["challenge:0"]},
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        response = client.post(f"/u/{learner.username}/learnings/edit/", {"overview": "pwned"})
        assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Challenge.objects.exists()
    assert not Portfolio.objects.filter(overview="pwned").exists()


def test_a_suspended_learner_cannot_import(client, learner):
    learner.suspended_until = timezone.now() + timedelta(days=1)
    learner.save()
    client.force_login(learner)
    response = client.post(import_url(learner), {"readme": readme("headerless_table.md")})
    assert response.status_code == HTTPStatus.FORBIDDEN
    response = client.post(
        f"/u/{learner.username}/learnings/import/create/",
        {"readme": readme("headerless_table.md"), "items": ["challenge:0"]},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Challenge.objects.exists()


def test_an_unknown_or_inactive_learner_has_no_portfolio(client):
    UserFactory(username="gone", is_active=False)
    assert client.get("/u/nobody/learnings/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/u/gone/learnings/").status_code == HTTPStatus.NOT_FOUND


def test_an_import_counts_once_against_its_own_rate_limit(learner_client, learner, settings):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "portfolio_import": "1/3600",
                                  "challenge": "1/3600", "solution": "1/3600"}  # fmt: skip
    response = import_all(learner_client, learner, readme("emoji_bold_dash.md"))
    assert response.status_code == HTTPStatus.FOUND
    assert Challenge.objects.count() == 3  # three challenges: one import, not three posts
    response = import_all(learner_client, learner, readme("emoji_bold_dash.md"))
    assert response.status_code == HTTPStatus.FOUND  # nothing new: not counted

    response = import_all(learner_client, learner, readme("three_columns.md"))
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert Challenge.objects.count() == 3


# --- review, visibility --------------------------------------------------------------------


def test_a_new_accounts_imported_challenges_wait_for_review(client, other_learner):
    newcomer = UserFactory(username="newbie", approved_posts=0)
    client.force_login(newcomer)
    import_all(client, newcomer, readme("headerless_table.md"))
    challenges = Challenge.objects.filter(author=newcomer)
    assert challenges.count() == 2 and all(c.is_held for c in challenges)

    client.force_login(other_learner)
    page = client.get(f"/u/{newcomer.username}/learnings/").content.decode()
    assert "Memory blow-up on CSV import" not in page
    client.force_login(newcomer)
    page = client.get(f"/u/{newcomer.username}/learnings/").content.decode()
    assert "Memory blow-up on CSV import" in page and "Awaiting review" in page


def test_hidden_challenges_stay_hidden_on_the_portfolio_and_in_the_export(client, learner):
    make_challenge("A public one", author=learner)
    make_challenge("A hidden one", author=learner, hidden_at=timezone.now())
    page = client.get(f"/u/{learner.username}/learnings/").content.decode()
    assert "A public one" in page and "A hidden one" not in page
    text = client.get(f"/u/{learner.username}/learnings/README.md").content.decode()
    assert "A public one" in text and "A hidden one" not in text


# --- the edit page -------------------------------------------------------------------------


def test_the_owner_edits_overview_terms_and_takeaways(learner_client, learner):
    make_topic("Docker")
    response = learner_client.post(
        f"/u/{learner.username}/learnings/edit/",
        {
            "overview": "I build **APIs**.",
            "technologies": "- **Docker** – containers\n- **Kafka** – streams",
            "concepts": "- **Caching** – invalidation",
            "takeaways": "- Write tests first\n- Measure before optimising",
            "collaboration": "Pairing with frontend learners.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    page = learner_client.get(f"/u/{learner.username}/learnings/").content.decode()
    assert "<strong>APIs</strong>" in page
    assert 'href="/search/topics/docker/"><strong>Docker</strong>' in page
    assert "<strong>Kafka</strong> – streams" in page
    assert "Measure before optimising" in page

    learner_client.post(
        f"/u/{learner.username}/learnings/edit/",
        {"overview": "", "technologies": "- Docker", "concepts": "", "takeaways": "- Only one",
         "collaboration": ""},
    )  # fmt: skip
    assert list(Note.objects.values_list("body", flat=True)) == ["Only one"]
    assert list(DeclaredTerm.objects.values_list("name", flat=True)) == ["Docker"]


def test_the_profile_links_to_the_portfolio(client, learner):
    html = client.get(f"/u/{learner.username}/").content.decode()
    assert f'href="/u/{learner.username}/learnings/"' in html


# --- collaboration -------------------------------------------------------------------------


def test_help_across_backend_and_frontend_is_called_out(client, learner, other_learner):
    # ada is backend, grace frontend (conftest).
    theirs = make_challenge("Fetching paginated results", author=other_learner)
    make_solution(theirs, "Follow the next link.", author=learner)
    page = client.get(f"/u/{learner.username}/learnings/").content.decode()
    assert "backend ↔ frontend" in page
    assert other_learner.display_name in page


# --- query budgets -------------------------------------------------------------------------


def test_the_portfolio_page_runs_a_bounded_number_of_queries(
    client, learner, django_assert_max_num_queries
):
    topics = [make_topic(f"Topic {i}") for i in range(8)]
    for i in range(30):
        challenge = make_challenge(
            f"Challenge {i}", author=learner, topics=topics[i % 8 : i % 8 + 2]
        )
        solution = make_solution(challenge, f"Fix {i}", author=learner)
        Solution.objects.filter(pk=solution.pk).update(is_accepted=True)
    for i in range(15):
        helper = UserFactory(track="frontend" if i % 2 else "backend")
        theirs = make_challenge(f"Their challenge {i}", author=helper)
        make_solution(theirs, f"Answer {i}", author=learner)
        make_solution(make_challenge(f"Mine {i}", author=learner), f"Help {i}", author=helper)
    for i in range(20):
        make_declared_term(learner, f"Term {i}")
        make_note(learner, f"Note {i}")
    with django_assert_max_num_queries(15):
        response = client.get(f"/u/{learner.username}/learnings/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Their challenge 14" in html and "Note 19" in html and "Term 19" in html
    with django_assert_max_num_queries(13):
        response = client.get(f"/u/{learner.username}/learnings/README.md")
    assert response.status_code == HTTPStatus.OK and "Challenge 29" in response.content.decode()


def test_the_preview_runs_a_bounded_number_of_queries(
    learner_client, learner, django_assert_max_num_queries
):
    for i in range(10):
        make_page(f"Tech {i}", "body", topics=[make_topic(f"Tech {i}")])
    terms = "\n".join(f"- **Tech {i}** – used it" for i in range(40))
    rows = "\n".join(f"| Problem {i} | Fix {i} |" for i in range(40))
    table = f"| Challenge | Solution |\n|---|---|\n{rows}\n"
    text = f"# Key Technologies\n{terms}\n\n# Challenges\n{table}"
    with django_assert_max_num_queries(13):
        response = preview(learner_client, learner, text)
    assert response.status_code == HTTPStatus.OK
    assert "Problem 39" in response.content.decode()
    assert 'href="/wiki/tech-9/"' in response.content.decode()


def test_a_long_readme_comes_in_over_several_imports_never_twice(learner_client, learner, settings):
    from portfolios import services

    rows = "\n".join(
        f"| Problem {i} | Fix {i} |" for i in range(services.MAX_CHALLENGES_PER_IMPORT + 3)
    )
    text = f"## Challenges\n| Challenge | Solution |\n|---|---|\n{rows}\n"
    html = preview(learner_client, learner, text).content.decode()
    assert "3 more challenges than one import brings in" in html
    import_all(learner_client, learner, text)
    assert Challenge.objects.count() == services.MAX_CHALLENGES_PER_IMPORT
    # Every challenge of one import is on the portfolio's first page, a link to itself.
    page = learner_client.get(f"/u/{learner.username}/learnings/").content.decode()
    for challenge in Challenge.objects.all():
        assert f'<a href="{challenge.get_absolute_url()}">{challenge.title}</a>' in page
    import_all(learner_client, learner, text)
    assert Challenge.objects.count() == services.MAX_CHALLENGES_PER_IMPORT + 3
    import_all(learner_client, learner, text)
    assert Challenge.objects.count() == services.MAX_CHALLENGES_PER_IMPORT + 3


def test_change_the_text_goes_back_to_the_form_with_the_readme(learner_client, learner):
    text = readme("headerless_table.md")
    response = learner_client.post(
        f"/u/{learner.username}/learnings/import/?edit=1", {"readme": text, "items": ["x"]}
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<textarea name="readme"' in html and "Memory blow-up on CSV import" in html
    assert not Challenge.objects.exists()


def test_the_edit_form_starts_from_what_the_portfolio_has(learner_client, learner):
    import_all(learner_client, learner, readme("emoji_bold_dash.md"))
    response = learner_client.get(f"/u/{learner.username}/learnings/edit/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "- **Python** – the main programming language for backend logic." in html
    assert "- Write tests before refactoring." in html
    assert "ProDev Backend Engineering" in html


def test_a_new_account_is_told_its_import_waits_for_review(client):
    newcomer = UserFactory(username="newbie", approved_posts=0)
    client.force_login(newcomer)
    html = preview(client, newcomer, readme("headerless_table.md")).content.decode()
    assert "wait for a moderator’s review" in html


def test_hundreds_of_terms_are_read_up_to_a_bound(learner_client, learner):
    from portfolios import services

    count = services.MAX_ITEMS_PER_KIND + 10
    terms = "\n".join(f"- **Term {i}** – thing {i}" for i in range(count))
    html = preview(learner_client, learner, f"## Tech\n{terms}\n").content.decode()
    assert "10 more terms left out" in html
    assert html.count('name="items" value="technology:') == services.MAX_ITEMS_PER_KIND


def test_imported_challenges_are_searchable_and_tell_nobody_about_themselves(
    learner_client, learner, django_capture_on_commit_callbacks
):
    from notifications.models import Notification
    from search.services import search_documents

    with django_capture_on_commit_callbacks(execute=True):
        import_all(learner_client, learner, readme("headerless_table.md"))
    hits = search_documents(q="Memory blow-up CSV import", user=None)[:5]
    assert any(h.title == "Memory blow-up on CSV import" for h in hits)
    # Accepting one's own imported solution is not news to oneself.
    assert not Notification.objects.filter(recipient=learner).exists()


@pytest.mark.parametrize(
    "text",
    [
        "## Challenges\n" + "".join("  " * i + f"- Challenge: deep {i}\n" for i in range(300)),
        "## Challenges\n| Challenge | Solution |\n|---|---|\n| " + "[" * 5000 + " | x |\n",
        "## Overview\n" + "> " * 2000 + "quoted",
        "## Key Technologies\n- **" + "a" * 5000 + "** – long",
        "## Challenges\n| Challenge | Solution |\n|---|---|\n| \u202eevil | \x00nul\x07 |\n",
        "#" * 10 + " \n" + "*" * 10000,
        "## Takeaways\n" + "\n".join(f"- {i} " + "**x** " * 50 for i in range(300)),
    ],
    ids=["deep-list", "brackets", "quotes", "long-term", "controls", "stars", "many-notes"],
)
def test_never_a_server_error_whatever_the_readme(learner_client, learner, text):
    response = preview(learner_client, learner, text)
    assert response.status_code == HTTPStatus.OK
    sent = form_fields(response.content.decode())
    response = learner_client.post(sent["action"], sent["data"])
    assert response.status_code == HTTPStatus.FOUND
    page = learner_client.get(f"/u/{learner.username}/learnings/")
    assert page.status_code == HTTPStatus.OK
    assert learner_client.get(f"/u/{learner.username}/learnings/README.md").status_code == 200


def test_an_overview_past_the_markdown_bounds_gets_a_clear_error_and_is_kept(
    learner_client, learner
):
    deep = "> " * 200 + "too deep"
    response = learner_client.post(
        f"/u/{learner.username}/learnings/edit/",
        {
            "overview": deep,
            "technologies": "",
            "concepts": "",
            "takeaways": "",
            "collaboration": "",
        },  # fmt: skip
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'class="errorlist' in html and "too deep" in html
    assert not Portfolio.objects.filter(overview__contains="too deep").exists()


def test_a_tampered_preview_with_an_oversized_readme_is_refused_unread(learner_client, learner):
    response = learner_client.post(
        f"/u/{learner.username}/learnings/import/create/",
        {
            "readme": "## Challenges\n| A | B |\n|---|---|\n" + "| x | y |\n" * 30000,
            "items": ["challenge:0"],
        },  # fmt: skip
    )
    assert response.status_code == HTTPStatus.OK
    assert "at most 200" in response.content.decode()
    assert not Challenge.objects.exists()
