from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from search import services
from search.models import SearchDocument
from search.services import search_documents, search_suggestions, similar_to_challenge
from tests.factories import ModeratorFactory, make_challenge, make_page, make_solution, revise_page

Kind = SearchDocument.Kind


def titles(results, n=20):
    return [(hit.kind, hit.title) for hit in results[:n]]


def test_finds_page_challenge_and_solution(celery_content):
    found = titles(search_documents(q="celery retry"))
    assert (Kind.PAGE, "Celery") in found
    assert (Kind.CHALLENGE, "Celery task retry never stops") in found
    assert (Kind.SOLUTION, "Celery task retry never stops") in found
    assert (Kind.PAGE, "Redis") not in found


def test_stemming_matches_retries_for_retry(celery_content):
    hits = search_documents(q="retries", kind=Kind.PAGE)[:5]
    assert [h.title for h in hits] == ["Celery"]


def test_title_match_outranks_body_match(db):
    make_page("Caching notes", "Some words about Docker in the body only.")
    make_page("Docker", "Containers and images.")
    hits = search_documents(q="docker")[:5]
    assert [h.title for h in hits] == ["Docker", "Caching notes"]


def test_snippet_highlights_matched_words(celery_content):
    hit = search_documents(q="retries", kind=Kind.PAGE)[0]
    assert "<mark>" in hit.snippet_html
    assert "<mark>retries</mark>" in hit.snippet_html.lower()


def test_title_highlighted(celery_content):
    hit = search_documents(q="celery", kind=Kind.PAGE)[0]
    assert hit.title_html == "<mark>Celery</mark>"


def test_snippet_escapes_user_html(db):
    make_challenge("Escaping", "Text with <script>alert(1)</script> & markers \x02 here escaping")
    hit = search_documents(q="escaping")[0]
    assert "<script>" not in hit.snippet_html
    assert "\x02" not in hit.snippet_html and "\x02" not in hit.title_html
    assert "&lt;script&gt;" in hit.snippet_html or "alert" not in hit.snippet_html


def test_quoted_phrase_needs_adjacent_words(db):
    make_page("One", "cache invalidation is hard")
    make_page("Two", "invalidation of the session cache")
    assert [h.title for h in search_documents(q='"cache invalidation"')[:5]] == ["One"]
    assert {h.title for h in search_documents(q="cache invalidation")[:5]} == {"One", "Two"}


def test_explicit_prefix(celery_content):
    assert (Kind.PAGE, "Celery") in titles(search_documents(q="celer*"))


def test_no_prefix_without_star(celery_content):
    assert titles(search_documents(q="celer")) == []


def test_suggestions_prefix_the_last_word(celery_content):
    hits = search_suggestions(q="celery retr")
    assert {h.title for h in hits} >= {"Celery", "Celery task retry never stops"}


def test_kind_filter(celery_content):
    hits = search_documents(q="celery", kind=Kind.CHALLENGE)[:10]
    assert {h.kind for h in hits} == {Kind.CHALLENGE}


def test_topic_filter(celery_content):
    hits = search_documents(q="broker", topic_id=celery_content["redis"].pk)[:10]
    assert [h.title for h in hits] == ["Redis"]


def test_count_matches_results(celery_content):
    results = search_documents(q="celery")
    assert results.count() == len(results[:100]) == 3


def test_edit_updates_index(celery_content):
    page = celery_content["page"]
    revise_page(page, "Now all about kombu serializers.")
    assert titles(search_documents(q="kombu")) == [(Kind.PAGE, "Celery")]
    assert (Kind.PAGE, "Celery") not in titles(search_documents(q="retries"))


def test_hidden_page_disappears_and_returns_on_restore(celery_content):
    page = celery_content["page"]
    page.hidden_at = timezone.now()
    page.save()
    assert (Kind.PAGE, "Celery") not in titles(search_documents(q="celery"))
    page.hidden_at = None
    page.save()
    assert (Kind.PAGE, "Celery") in titles(search_documents(q="celery"))


def test_withdrawn_challenge_hides_it_and_its_solutions(celery_content):
    challenge = celery_content["challenge"]
    challenge.withdrawn_at = timezone.now()
    challenge.save(update_fields=["withdrawn_at"])
    assert titles(search_documents(q="retry")) == [(Kind.PAGE, "Celery")]


def test_held_solution_not_shown(celery_content):
    make_solution(celery_content["challenge"], "Use a dead letter queue", is_held=True)
    assert titles(search_documents(q="dead letter")) == []


def test_moderator_sees_hidden_content_marked(celery_content):
    challenge = celery_content["challenge"]
    challenge.hidden_at = timezone.now()
    challenge.save()
    hits = search_documents(q="cap retries", user=ModeratorFactory())[:5]
    assert [(h.title, h.visibility) for h in hits] == [
        ("Celery task retry never stops", SearchDocument.Visibility.HIDDEN)
    ]


def test_counter_only_save_skips_reindex(celery_content, django_assert_num_queries):
    challenge = celery_content["challenge"]
    challenge.comment_count = 3
    with django_assert_num_queries(1):
        challenge.save(update_fields=["comment_count"])
    assert type(challenge).objects.get(pk=challenge.pk).comment_count == 3


def test_topic_change_updates_filter(celery_content):
    page = celery_content["page"]
    redis = celery_content["redis"]
    page.topics.add(redis)
    assert (Kind.PAGE, "Celery") in titles(search_documents(q="celery", topic_id=redis.pk))
    redis.pages.clear()
    assert titles(search_documents(q="celery", topic_id=redis.pk)) == []


def test_delete_removes_document(celery_content):
    celery_content["challenge"].delete()
    assert not SearchDocument.objects.filter(kind__in=[Kind.CHALLENGE, Kind.SOLUTION]).exists()
    assert titles(search_documents(q="cap retries")) == []


def test_rebuild_index_from_scratch(celery_content):
    SearchDocument.objects.all().delete()
    assert titles(search_documents(q="celery")) == []
    call_command("rebuild_search_index", verbosity=0)
    assert len(titles(search_documents(q="celery"))) == 3
    assert (
        SearchDocument.objects.get(
            kind=Kind.PAGE, object_id=celery_content["page"].pk
        ).topics.count()
        == 1
    )


def test_markdown_is_stripped_from_index(celery_content):
    doc = SearchDocument.objects.get(kind=Kind.PAGE, object_id=celery_content["page"].pk)
    assert "**" not in doc.body and "<" not in doc.body and "#" not in doc.body


def test_similar_to_challenge(celery_content):
    other = make_challenge("Retry a Celery chord", "chords and retries")
    similar = similar_to_challenge(other)
    assert [h.title for h in similar.challenges] == ["Celery task retry never stops"]
    assert [h.title for h in similar.pages] == ["Celery"]


def test_similar_excludes_the_challenge_itself(celery_content):
    similar = similar_to_challenge(celery_content["challenge"])
    assert similar.challenges == []


def test_stop_words_only_is_empty_query(celery_content):
    results = search_documents(q="the and of")
    assert not results.query and results.count() == 0 and results[:10] == []


def test_highlight_escapes_then_marks():
    html = services.highlight("<b>\x02x\x03</b> \x02dangling")
    assert html == "&lt;b&gt;<mark>x</mark>&lt;/b&gt; dangling"


def test_demo_celery_retry_finds_the_demo_challenge_and_the_celery_page(db):
    from discussions.models import Challenge

    call_command("seed_demo", stdout=StringIO())
    challenge = Challenge.objects.get(title="Celery tasks fail silently or hang forever")
    top = search_suggestions(q="celery retry", limit=2)
    # The challenge never says "retry"; its accepted solution does, and leads to it.
    assert {hit.title for hit in top} == {
        "Celery task retries and time limits",  # the wiki page
        challenge.title,
    }
    assert any(hit.url.startswith(challenge.get_absolute_url()) for hit in top)


def test_similar_matches_on_the_rare_words_of_a_title(db, monkeypatch):
    monkeypatch.setattr("search.backends.COMMON_TITLE_TERM", 3)
    for n in range(4):
        make_challenge(f"Using the worker pool {n}", "x")
    flower = make_challenge("Flower dashboard is empty", "x")
    similar = services.similar_to_text("Using flower with the broker")
    assert [h.title for h in similar.challenges] == [flower.title]  # "using" is too common
    similar = services.similar_to_text("Using a worker")  # nothing rare: all words must match
    assert len(similar.challenges) == 4
    assert services.similar_to_text("Using a flower").challenges[0].title == flower.title


def test_search_as_you_type_waits_for_three_letters_of_the_last_word():
    from search.query import parse_query

    assert parse_query("celery re", auto_prefix=True).to_fts5() == '"celery"'
    assert parse_query("celery ret", auto_prefix=True).to_fts5() == '"celery" AND "ret"*'
    assert parse_query("celery re*", auto_prefix=True).to_fts5() == '"celery" AND "re"*'
    assert parse_query("re", auto_prefix=True).to_fts5() == ""
    assert parse_query("celery re ", auto_prefix=True).to_fts5() == '"celery" AND "re"'


def test_n_plus_one_is_found_on_both_engines(db):
    make_page("GraphQL", "Resolvers cause the n+1 problem; batch them with a DataLoader.")
    make_challenge("Slow list endpoint", "Each row sends a query: an N+1 pattern?")
    assert sorted(h.title for h in search_documents(q="n+1")[:5]) == [
        "GraphQL",
        "Slow list endpoint",
    ]
    assert [h.title for h in search_documents(q="error 429")[:5]] == []
