"""The README reader, item by item over READMEs of every shape learners write (readmes/)."""

from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252")
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolios import importer
from portfolios.importer import classify, parse, part_label, split_term, term_key, title_key

READMES = Path(__file__).parent / "readmes"


def read(name: str):
    return parse((READMES / name).read_text(encoding="utf-8"))


def names(terms):
    return [t.name for t in terms]


def described(terms):
    return {t.name: t.description for t in terms}


def challenges(parsed):
    return {c.title: (c.description, c.solution, c.outcome) for c in parsed.challenges}


# --- repair --------------------------------------------------------------------------------


def test_mojibake_is_repaired_before_anything_else():
    text = "## 🛠️ Key Technologies\n- **Django** – framework\n"
    # What a Windows editor shows for UTF-8 read as cp1252 (every byte kept).
    broken = text.encode("utf-8").decode("sloppy-windows-1252")
    assert "â€“" in broken and "ðŸ" in broken
    assert importer.repair(broken) == text
    assert importer.repair("Ã©tÃ©") == "été"


def test_a_mis_encoded_readme_reads_as_the_original():
    original, broken = read("emoji_bold_dash.md"), read("mojibake.md")
    assert (READMES / "mojibake.md").read_text(encoding="utf-8").count("â€“") >= 3
    assert broken.title == "ProDev Backend Engineering – Project Nexus"
    assert broken.technologies == original.technologies
    assert broken.challenges == original.challenges
    assert broken.takeaways == original.takeaways


def test_a_latin1_mis_encoded_readme_reads_as_the_original():
    assert read("mojibake_latin1.md").challenges == read("subsections.md").challenges


def test_windows_line_endings_and_a_byte_order_mark():
    parsed = parse("\ufeff## Key Technologies\r\n- **Redis** – cache\r\n")
    assert described(parsed.technologies) == {"Redis": "cache"}


# --- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("📌 Overview", "overview"),
        ("1. Introduction", "overview"),
        ("About this project", "overview"),
        ("🛠️ Key Technologies", "technologies"),
        ("Technologies Used", "technologies"),
        ("2) Tech Stack", "technologies"),
        ("Tech", "technologies"),
        ("💪 Skills", "technologies"),
        ("Tools & Frameworks", "technologies"),
        ("📚 Core Concepts", "concepts"),
        ("Key Concepts Learned", "concepts"),
        ("Important Backend Development Concepts", "concepts"),
        ("⚡ Challenges & Solutions", "challenges"),
        ("Real-World Challenges & Solutions", "challenges"),
        ("Challenges Faced and Solutions", "challenges"),
        ("Challenges and How I Solved Them", "challenges"),
        ("Problems & Fixes", "challenges"),
        ("✅ Best Practices & Personal Takeaways", "takeaways"),
        ("Lessons Learned", "takeaways"),
        ("Key Learnings", "takeaways"),
        ("🤝 Collaboration – Stay Connected", "collaboration"),
        ("Working with Frontend Learners", "collaboration"),
        ("Collaborators", "collaboration"),
        ("Installation", None),
        ("License", None),
    ],
)
def test_sections_are_recognised_by_their_words(heading, kind):
    assert classify(heading) == kind


@pytest.mark.parametrize("level", ["#", "##", "###", "####"])
def test_headings_at_any_level(level):
    parsed = parse(f"{level} Key Technologies\n- **Celery** – task queue\n")
    assert described(parsed.technologies) == {"Celery": "task queue"}


def test_setext_headings_and_bold_lines_as_headings():
    parsed = read("nested_groups.md")
    assert parsed.title == "Project Nexus"
    assert parsed.overview == "I am a backend learner. This README sums up the program."
    assert "Task queues" in names(parsed.concepts)
    assert parsed.takeaways == ["Consistency beats intensity. Ship small changes."]
    assert "frontend learners" in parsed.collaboration


# --- terms ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "**Django** – web framework",
        "**Django** - web framework",
        "**Django** — web framework",
        "**Django**: web framework",
        "**Django:** web framework",
        "__Django__ – web framework",
        "*Django* – web framework",
        "Django: web framework",
        "Django – web framework",
        "[Django](https://djangoproject.com) – web framework",
        "`Django` – web framework",
    ],
)
def test_term_lines_in_every_punctuation(line):
    assert split_term(line) == ("Django", "web framework")


def test_bold_dash_bullets_with_emoji_headings():
    parsed = read("emoji_bold_dash.md")
    assert parsed.title == "ProDev Backend Engineering – Project Nexus"
    assert names(parsed.technologies) == [
        "Python", "Django", "Django REST Framework", "GraphQL", "Docker", "CI/CD",
    ]  # fmt: skip
    assert (
        described(parsed.technologies)["Docker"] == "containerization for consistent environments."
    )
    assert described(parsed.concepts) == {
        "Database Design": "normalization, relationships, indexing.",
        "Asynchronous Programming": "background tasks with Celery.",
        "Caching Strategies": "Redis to speed up responses.",
    }
    assert parsed.takeaways == [
        "Write tests before refactoring.",
        "Keep secrets in environment variables, never in the repository.",
        "Document APIs with Swagger.",
    ]
    assert parsed.collaboration.startswith("I worked with frontend learners")
    assert parsed.unplaced == []


def test_nested_bullets_groups_and_comma_lists():
    parsed = read("nested_groups.md")
    # "**Backend**" with sub-bullets, "**DevOps:** a, b, c", "Languages: x, y": groups.
    assert names(parsed.technologies) == [
        "Python", "Django", "Docker", "GitHub Actions", "Nginx", "SQL",
    ]  # fmt: skip
    # A term with sub-bullets: they describe it.
    assert described(parsed.concepts)["Caching"] == "Cache-aside with Redis; Invalidation on write"
    assert described(parsed.concepts)["Task queues"] == "Celery with RabbitMQ"


def test_sub_headings_under_a_concepts_section_are_terms():
    parsed = read("alx_style_crlf.md")
    assert described(parsed.concepts) == {
        "Database Design": "Normalization and relationships; Indexes for fast lookups",
        "Asynchronous Programming": "Celery for background jobs",
        "Caching Strategies": "Redis as a cache-aside layer.",
    }
    assert described(parsed.technologies)["CI/CD"] == (
        "Automated pipelines with GitHub Actions and Jenkins."
    )


def test_terms_in_a_table_numbered_lists_and_continuation_bullets():
    parsed = read("headings_challenges.md")
    assert described(parsed.technologies) == {
        "PostgreSQL": "Relational database",
        "Redis": "Caching and Celery broker",
        "GraphQL": "Flexible API with Graphene",
    }
    parsed = read("numbered_tabs.md")
    assert described(parsed.technologies) == {
        "PostgreSQL": "relational database",
        "Redis": "caching; also a Celery broker",
        "Nginx": "reverse proxy",
    }
    assert described(parsed.concepts) == {"ACID": "transactions", "CAP theorem": "trade-offs"}


def test_code_and_link_terms_and_bare_names():
    parsed = read("issue_resolution_table.md")
    assert described(parsed.technologies) == {
        "Django": "web framework",
        "Docker": "containers",
        "GitHub Actions": "",
    }


# --- challenges ----------------------------------------------------------------------------


def test_two_column_challenge_table():
    assert challenges(read("emoji_bold_dash.md")) == {
        "Slow API responses": ("", "Added pagination, indexes and Redis caching", ""),
        "Emails blocking requests": ("", "Moved sending to a Celery worker", ""),
        "Celery workers would not start in production": (
            "", "Fixed the broker URL and ran the worker under supervisor", "",
        ),
    }  # fmt: skip


def test_three_column_table_with_other_header_words_and_ragged_rows():
    found = challenges(read("three_columns.md"))
    assert found["N+1 queries"] == (
        "The list page ran one query per row", "select_related and prefetch_related", "",
    )  # fmt: skip
    assert found["Large uploads"] == (
        "Uploading files exhausted memory", "Streamed to S3 in chunks", "",
    )  # fmt: skip
    # A row with a cell too many keeps it with the solution; a row with one cell is a challenge.
    assert found["API versioning"][1] == (
        "URL versioning with a deprecation window\n\nClients moved within a month"
    )
    assert found["Ragged row only"] == ("", "", "")


def test_issue_resolution_headers_and_headerless_tables():
    assert challenges(read("issue_resolution_table.md")) == {
        "Migrations out of sync on CI": ("", "Ran `migrate --check` in the pipeline", ""),
        "Secrets committed by mistake": ("", "Rotated keys and added git-secrets", ""),
    }
    assert challenges(read("headerless_table.md")) == {
        "Memory blow-up on CSV import": (
            "", "Processed rows with an iterator and bulk_create in batches", "",
        ),
        "Duplicate charges on retries": ("", "Idempotency keys stored per request", ""),
    }  # fmt: skip


def test_number_columns_and_a_tables_caption_heading():
    found = challenges(read("three_col_variants.md"))
    assert found == {
        "Workers crashing": ("Memory leak in a task", "`--max-tasks-per-child`", ""),
        "Stale cache after updates": ("No invalidation", "Delete keys on save", ""),
        "Rate limit missing": ("", "", "Abusive bots"),
    }


def test_challenge_solution_pairs_italic_bold_nested_or_plain():
    assert challenges(read("pairs_italic.md")) == {
        "Celery tasks silently failed": (
            "", "Added retries with exponential back-off and logging.", "",
        ),
        "Inconsistent environments between team members": (
            "", "Docker Compose for every service.", "",
        ),
        "Migrations conflicting on main": ("", "Rebase and run `makemigrations --merge`.", ""),
    }  # fmt: skip


def test_pairs_on_one_line_with_dashes_and_results():
    assert challenges(read("inline_pairs.md")) == {
        "Redis connection errors under load": ("", "connection pooling and timeouts", ""),
        "CORS errors from the React app": ("", "django-cors-headers with an allow-list", ""),
        "Docker images were 1.2 GB": (
            "", "multi-stage builds with slim bases", "images under 200 MB",
        ),
    }  # fmt: skip


def test_problem_solution_outcome_sub_sections():
    found = challenges(read("subsections.md"))
    assert found["Slow search on large tables"] == (
        "Searching 100,000 rows with `icontains` took seconds.",
        "Added full-text search with PostgreSQL and a GIN index.",
        "Search answers in under 50 ms.",
    )
    assert found["Flaky tests in CI"] == (
        "Tests depended on the order they ran in.",
        "- Isolated fixtures\n- Randomised order with pytest-randomly",
        "Green builds again.",
    )


def test_challenge_headings_with_labelled_paragraphs_and_code():
    found = challenges(read("headings_challenges.md"))
    assert found["Slow dashboard queries"] == (
        "The dashboard ran 300 queries.",
        "Used `select_related` and added a composite index.",
        "Load time went from 4 s to 300 ms.",
    )
    description, solution, _ = found["Authentication across services"]
    assert description == "Sessions did not work for the mobile app."
    assert solution.startswith("JWT with refresh tokens")
    assert "```python\nSIMPLE_JWT" in solution  # the code block stays with the solution


def test_bold_title_lines_then_prose_then_a_solution_label():
    assert challenges(read("numbered_tabs.md")) == {
        "Slow API responses": (
            "The list endpoint took 3 seconds.", "Added pagination and caching.", "",
        ),
        "Duplicate emails": (
            "Signals fired twice.", "Moved the send to `transaction.on_commit`.", "",
        ),
    }  # fmt: skip


def test_bold_numbered_items_with_labelled_children_and_arrows():
    found = challenges(read("nested_groups.md"))
    assert found == {
        "Deploying Celery workers": (
            "the worker died on boot in production.",
            "set `CELERY_BROKER_URL` from the environment.",
            "",
        ),
        "Timezone bugs": ("", "store UTC, convert at the edge.", ""),
        "Webhook retries": ("", "idempotency keys on every handler", ""),
    }


def test_a_long_challenge_cell_gets_a_short_title_and_keeps_its_text():
    long = "The nightly import of every order from the partner API took more than four hours. " * 3
    parsed = parse(f"## Challenges\n| Challenge | Solution |\n|---|---|\n| {long} | Batching |\n")
    (entry,) = parsed.challenges
    assert len(entry.title) <= importer.TITLE_SOFT_CHARS + 1
    assert entry.title.startswith("The nightly import of every order")
    assert long.strip() in entry.description
    assert entry.solution == "Batching"


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("**Challenge:** slow", "challenge", "slow"),
        ("*Solution*: cache", "solution", "cache"),
        ("_Fix:_ retry", "solution", "retry"),
        ("Problem – broken", "challenge", "broken"),
        ("Outcome: faster", "outcome", "faster"),
        ("Solution", "solution", ""),
        ("Solutions architects rock", None, "Solutions architects rock"),
    ],
)
def test_labels(text, label, rest):
    assert part_label(text) == (label, rest)


# --- takeaways, collaboration, overview, unplaced ------------------------------------------


def test_takeaways_from_sub_sections_quotes_and_numbered_lists():
    assert read("alx_style_crlf.md").takeaways == [
        "Follow PEP 8 and keep functions small.",
        "Use environment variables for secrets.",
        "Consistency matters more than speed.",
    ]
    assert read("numbered_tabs.md").takeaways == [
        "Always write the test first.",
        "Keep PRs small.",
    ]
    assert read("pairs_italic.md").takeaways == [
        "Read the error message twice.",
        "Small commits are easier to review.",
    ]
    assert read("inline_pairs.md").takeaways == [
        "Always read the logs first.",
        "Pair programming saves hours.",
    ]


def test_collaboration_sub_sections_stay_together():
    text = read("alx_style_crlf.md").collaboration
    assert "**Fellow ProDev Backend Learners** – exchange ideas" in text
    assert "Where to Collaborate" in text and "#ProDevProjectNexus" in text


def test_overview_objectives_and_conclusion_go_to_the_overview():
    overview = read("alx_style_crlf.md").overview
    assert overview.startswith("This repository is a knowledge hub")
    assert "- Consolidate key backend concepts." in overview
    assert overview.endswith("Project Nexus is both a reference and a portfolio piece.")


def test_no_recognisable_section_is_all_overview():
    parsed = read("no_sections.md")
    assert parsed.overview.startswith("I spent twelve weeks")
    assert parsed.overview.endswith("Thanks to my mentors!")
    assert not (parsed.technologies or parsed.challenges or parsed.takeaways or parsed.unplaced)


def test_unknown_sections_are_unplaced_and_kept_in_the_overview():
    parsed = read("issue_resolution_table.md")
    assert [u.heading for u in parsed.unplaced] == ["Installation", "License"]
    assert "### Installation\n\nRun `pip install -r requirements.txt`." in parsed.full_overview
    assert "MIT" in parsed.full_overview


def test_empty_headings_import_as_far_as_they_go():
    parsed = read("empty_headings.md")
    assert parsed.title == "Project Nexus"
    assert not (parsed.technologies or parsed.challenges or parsed.takeaways)
    assert [u.heading for u in parsed.unplaced] == ["Random Notes"]
    assert "Some text the importer does not know where to put." in parsed.full_overview


def test_hostile_markup_is_kept_as_text_for_the_renderer_to_neutralise():
    parsed = read("hostile.md")
    # Titles and names are plain text (templates escape them); bodies go through core.markdown.
    assert names(parsed.technologies) == ["Django", "Evil"]
    (entry,) = parsed.challenges
    assert "<" not in entry.title and entry.title.endswith("XSS in titles")


def test_exported_hub_lines_are_skipped_in_collaboration():
    text = (
        "## Collaboration\nPairing with Grace.\n\n"
        "- Helped [Grace](https://hub.example/u/grace/) (frontend, 2 solutions)\n"
    )
    parsed = parse(text, base_url="https://hub.example")
    assert parsed.collaboration == "Pairing with Grace."


# --- keys ----------------------------------------------------------------------------------


def test_keys_ignore_case_emoji_and_punctuation():
    assert title_key("🐢 Slow API responses!") == title_key("slow api RESPONSES")
    assert term_key("Django REST Framework") == term_key("django-rest-framework")
    assert term_key("CI/CD") == term_key("ci-cd")
    assert term_key("C++") != term_key("C#")


# --- never a crash ---------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "# ",
                "## Challenges\n",
                "### Key Technologies\n",
                "| a | b |\n",
                "|---|---|\n",
                "- ",
                "  - ",
                "**",
                "*",
                "_",
                ":",
                " – ",
                "\n",
                "\n\n",
                "```\n",
                "Solution: ",
                "Challenge: ",
                "> ",
                "1. ",
                "[x](y)",
                "<b>",
                "ðŸš€",
                "\t",
                "|",
                "=\n",
                "---\n",
                "word ",
                "Problem\n",
                "#### Outcome\n",
            ]  # fmt: skip
        )
        | st.text(max_size=20),
        max_size=60,
    )
)
def test_any_text_parses_without_an_error(pieces):
    parsed = parse("".join(pieces))
    for entry in parsed.challenges:
        assert entry.title and len(entry.title) <= importer.MAX_TITLE_CHARS
    for term in parsed.technologies + parsed.concepts:
        assert term.name and len(term.name) <= importer.MAX_TERM_CHARS


def test_a_large_readme_parses_quickly_enough_to_answer_a_request():
    """Not a timing test: 200 KB of mixed shapes parses (linear regexes, no blow-up)."""
    text = (READMES / "alx_style_crlf.md").read_text(encoding="utf-8")
    big = (text * (200_000 // len(text)))[:200_000]
    parsed = parse(big)
    assert parsed.challenges and parsed.technologies


def test_emoji_as_bullets_unlabelled_answers_and_an_introduction():
    parsed = read("emoji_bullets_prose_intro.md")
    assert described(parsed.technologies) == {
        "Python": "scripting and APIs",
        "Docker": "containers",
        "Pytest": "fixtures and parametrize",
    }
    assert challenges(parsed) == {
        # A plain bullet with sub-bullets and no labels: the sub-bullets answer it.
        "Handling timezones correctly": ("", "Used UTC everywhere", ""),
        "Slow tests": ("", "- Parallelised with xdist\n- Reused the database", ""),
        # An emoji before the label still reads as the label.
        "Caching stale data": ("", "Invalidate on save", "No more stale pages."),
    }
    assert parsed.takeaways == ["Write tests first", "Keep commits small"]
    # The sentence introducing the list is not a challenge: it goes to the overview.
    assert "Throughout the program I faced several challenges:" in parsed.full_overview


def test_a_challenge_heading_with_prose_and_no_labels_tells_how_it_was_solved():
    assert challenges(read("heading_prose.md")) == {
        "Slow list endpoint": (
            "", "I fixed it by adding a composite index and `select_related`.", "",
        ),
        "Emails blocking signup": (
            "Signup took five seconds because the view sent the email itself.",
            "Moving the send to a Celery task made the response instant.",
            "",
        ),
        "Celery beat running twice": (
            "two beat processes scheduled every task twice.", "one beat container only.", "",
        ),
    }  # fmt: skip


def test_html_headings_a_table_of_contents_and_a_table_without_outer_pipes():
    parsed = read("html_headings_toc.md")
    assert parsed.title == "Project Nexus"
    assert parsed.overview.endswith("A backend learner's notes.")
    assert "#key-technologies" not in parsed.full_overview  # the contents are rebuilt, not kept
    assert described(parsed.technologies) == {"FastAPI": "async APIs"}
    # "How I Overcame It" is no word the reader knows: the second column is still the answer.
    assert challenges(parsed) == {
        "Async tests hanging": ("", "pytest-asyncio with a fresh event loop per test", ""),
    }


def test_a_comma_list_is_terms_but_a_sentence_is_not():
    parsed = parse(
        "## Tech Stack\nI used Python, Django, PostgreSQL and Docker.\n\nPython, Django, Redis\n"
    )
    assert names(parsed.technologies) == ["Python", "Django", "Redis"]
    assert "I used Python, Django, PostgreSQL and Docker." in parsed.full_overview
