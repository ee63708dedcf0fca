"""Keep the search index current whatever code saves the content.

The wiki and challenge apps know nothing about search: every save, edit, hide, withdrawal and
restore goes through Model.save(), so these receivers see them all. Saves that only touch
counters (update_fields without any indexed field) are skipped.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from search import indexing
from search.models import SearchDocument

Kind = SearchDocument.Kind


def _touches(update_fields, indexed: set[str]) -> bool:
    return update_fields is None or bool(set(update_fields) & indexed)


def page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _touches(update_fields, indexing.PAGE_FIELDS | {"updated_at"}):
        return
    indexing.index_page(instance)


def revision_saved(sender, instance, created, raw=False, **kwargs):
    # A service might point the page at its new revision with queryset.update(), which sends
    # no signal; the page's own save covers the usual path.
    if raw or not created:
        return
    page = instance.page
    if page.current_revision_id == instance.pk:
        indexing.index_page(page)


def challenge_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _touches(update_fields, indexing.POST_FIELDS | {"edited_at"}):
        return
    indexing.index_challenge(instance)


def solution_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not _touches(update_fields, indexing.POST_FIELDS | {"edited_at"}):
        return
    indexing.index_solution(instance)


def topics_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from discussions.models import Challenge
    from knowledge.models import Page

    if not reverse:
        owners = [instance]
    elif action == "post_clear":
        # topic.pages.clear(): the owners are gone from the link table already; reindex
        # every document still linked to the topic in the index instead.
        docs = SearchDocument.objects.filter(topics=instance)
        owners = _owners(docs.values_list("kind", "object_id"))
    else:
        owners = list(model.objects.filter(pk__in=pk_set or ()))
    for owner in owners:
        if isinstance(owner, Page):
            indexing.index_page(owner)
        elif isinstance(owner, Challenge):
            indexing.index_challenge(owner)


def _owners(pairs):
    from discussions.models import Challenge
    from knowledge.models import Page

    by_kind: dict[str, list[int]] = {}
    for kind, object_id in pairs:
        by_kind.setdefault(kind, []).append(object_id)
    return [
        *Page.objects.filter(pk__in=by_kind.get(Kind.PAGE, [])),
        *Challenge.objects.filter(pk__in=by_kind.get(Kind.CHALLENGE, [])),
    ]


def moderated(sender, target, **kwargs):
    """Moderation hides, restores and approves with queryset.update(), which sends no
    post_save: its own signals (moderation/signals.py) bring the index up to date. The row
    is read again so the index sees what was stored, not what the caller holds."""
    from discussions.models import Challenge, Solution
    from knowledge.models import Page

    if isinstance(target, Page):
        page = Page._base_manager.select_related("current_revision").filter(pk=target.pk).first()
        if page is not None:
            indexing.index_page(page)
    elif isinstance(target, Challenge):
        challenge = Challenge._base_manager.filter(pk=target.pk).first()
        if challenge is not None:
            indexing.index_challenge(challenge)  # its solutions follow its visibility
    elif isinstance(target, Solution):
        solution = Solution._base_manager.select_related("challenge").filter(pk=target.pk).first()
        if solution is not None:
            indexing.index_solution(solution)
    # Comments are not indexed.


def _deleted(kind):
    def receiver(sender, instance, **kwargs):
        indexing.unindex(kind, [instance.pk])

    return receiver


page_deleted = _deleted(Kind.PAGE)
challenge_deleted = _deleted(Kind.CHALLENGE)
solution_deleted = _deleted(Kind.SOLUTION)


def connect():
    from discussions.models import Challenge, Solution
    from knowledge.models import Page, PageRevision
    from moderation import signals as moderation_signals

    for signal, uid in (
        (moderation_signals.content_hidden, "search_content_hidden"),
        (moderation_signals.content_restored, "search_content_restored"),
        (moderation_signals.post_approved, "search_post_approved"),
    ):
        signal.connect(moderated, dispatch_uid=uid)
    post_save.connect(page_saved, sender=Page, dispatch_uid="search_page_saved")
    post_save.connect(revision_saved, sender=PageRevision, dispatch_uid="search_revision_saved")
    post_save.connect(challenge_saved, sender=Challenge, dispatch_uid="search_challenge_saved")
    post_save.connect(solution_saved, sender=Solution, dispatch_uid="search_solution_saved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="search_page_deleted")
    post_delete.connect(challenge_deleted, sender=Challenge, dispatch_uid="search_challenge_del")
    post_delete.connect(solution_deleted, sender=Solution, dispatch_uid="search_solution_del")
    m2m_changed.connect(
        topics_changed, sender=Page.topics.through, dispatch_uid="search_page_topics"
    )
    m2m_changed.connect(
        topics_changed, sender=Challenge.topics.through, dispatch_uid="search_challenge_topics"
    )
