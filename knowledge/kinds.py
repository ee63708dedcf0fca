"""What moderation and search need to know about wiki pages (registered in apps.py)."""

from django.urls import reverse

from core.registry import ContentKind, Document, Indexing, quoted
from knowledge.models import Page


def page_document(page: Page) -> Document:
    revision = page.current_revision
    return Document(
        title=page.title,
        url=page.get_absolute_url(),
        updated_at=page.updated_at,
        body_html=revision.body_html if revision else "",
        body=revision.body if revision else "",
        visible_as=(page,),
        topic_owner=page,
    )


PAGE = ContentKind(
    model=Page,
    label="Wiki page",
    describe=lambda page: f"Wiki page {quoted(page.title)}",
    edit_url=lambda page: reverse("knowledge:page_edit", args=[page.slug]),
    author_field="created_by",
    select_related=("created_by", "current_revision"),
    body_html=lambda page: page.current_revision.body_html if page.current_revision else "",
    search=Indexing(
        document=page_document,
        queryset=lambda: Page.objects.select_related("current_revision"),
        fields=frozenset({"title", "slug", "current_revision", "hidden_at", "updated_at"}),
    ),
)
