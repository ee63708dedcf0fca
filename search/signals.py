"""Keep the search index current whatever code saves the content.

The content apps know nothing about search: they register their kinds (core.registry), and
every save, edit, withdrawal and deletion of an indexed kind reaches these receivers. Saves that
only touch counters (update_fields without any of the kind's indexed fields) are skipped.
Moderation writes with queryset.update(), which sends nothing: it calls indexing.reindex.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import registry
from search import indexing
from search.models import SearchDocument


def saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    fields = registry.kind_of(sender).search.fields
    if update_fields is None or set(update_fields) & fields:
        indexing.index(instance)


def deleted(sender, instance, **kwargs):
    indexing.unindex(registry.kind_of(sender).name, [instance.pk])


def topics_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        owners = [instance]
    elif action == "post_clear":
        # topic.pages.clear(): the owners are gone from the link table already; reindex
        # every document still filed under the topic instead.
        docs = SearchDocument.objects.filter(topics=instance).values_list("kind", "object_id")
        owners = _stored(docs)
    else:
        owners = list(model._default_manager.filter(pk__in=pk_set or ()))
    for owner in owners:
        indexing.index(owner)


def _stored(pairs):
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in pairs:
        by_kind.setdefault(kind, []).append(object_id)
    return [
        obj
        for kind, ids in by_kind.items()
        for obj in registry.get(kind).search.queryset().filter(pk__in=ids)
    ]


def connect():
    for kind in registry.indexed():
        model = kind.model
        uid = f"search_{kind.name}"
        post_save.connect(saved, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"{uid}_deleted")
        topics = getattr(model, "topics", None)
        if topics is not None:
            m2m_changed.connect(topics_changed, sender=topics.through, dispatch_uid=f"{uid}_topics")
