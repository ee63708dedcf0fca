"""Writing wiki pages: create and edit (with preview, merge and conflict), pre-filled from a
prefill source (knowledge.prefill) or from text kept while the learner was logged out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render

from core import kept_text, ratelimit
from knowledge import permissions, prefill, services
from knowledge.diffing import diff_rows
from knowledge.forms import PageForm
from knowledge.models import Category, Page
from knowledge.rendering import render_preview, resolve_slugs, slug_for
from knowledge.services import EditStatus
from knowledge.views import _get_page, follows_renames
from reputation.levels import rate_scale

PAGE_EDIT_LIMIT = "page_edit"  # one rate limit for creating and editing pages; not previews


def _preview(form):
    """The "Preview" button without JavaScript: render, do not save."""
    form.is_valid()
    return render_preview(form.cleaned_data.get("body") or form.data.get("body", ""))


def _restore_typed(request, initial: dict) -> None:
    """Put back what the learner typed before they found themselves logged out, with the
    revision their edit started from, so saving merges it as any other edit."""
    kept = kept_text.take(request, request.path)
    if kept is None:
        return
    for name in ("title", "body", "summary", "category"):
        if name in kept:
            initial[name] = kept[name]
    if "base_revision" in kept:
        base = kept["base_revision"]
        initial["base_revision"] = int(base) if base.isdigit() else 0
    messages.info(
        request,
        "You were logged out when you sent this, so it was not saved. What you typed is back "
        "in the form: send it again (anything saved since is merged with it).",
    )


def _existing_page(request) -> Page | None:
    """The page `?title=` names (by its slug or an old one), when the reader may see it: a
    "create this page" link followed after someone created it leads to the page."""
    title = request.GET.get("title", "")[:200]
    slug = slug_for(title) if title else ""
    ref = resolve_slugs({slug}).get(slug) if slug else None
    if ref is None:
        return None
    return Page.objects.visible_to(request.user).filter(pk=ref.pk).first()


@login_required
def page_new(request):
    draft = prefill.draft_for(request)
    if request.method == "POST":
        form = PageForm(request.POST, user=request.user)
        if "preview" in request.POST:
            permissions.ensure_can_create_page(request.user)
            return render(
                request,
                "knowledge/page_form.html",
                {"form": form, "draft": draft, "preview_html": _preview(form)},
            )
        permissions.ensure_can_create_page(request.user)
        ratelimit.hit(request.user, PAGE_EDIT_LIMIT, scale=rate_scale(request.user))
        if form.is_valid():
            data = form.cleaned_data
            prepared = services.prepare_body(data["body"])  # rendered before the transaction
            with transaction.atomic():
                page = services.page_create(
                    title=data["title"],
                    category=data["category"],
                    body=data["body"],
                    prepared=prepared,
                    author=request.user,
                    summary=data["summary"] or "Created the page",
                    topics=data["topics"],
                    slug=form.slug,
                )
                prefill.link(form.cleaned_data, page=page, user=request.user)
            messages.success(request, f"Created “{page.title}”.")
            return redirect(page)
    else:
        permissions.ensure_can_create_page(request.user)
        if existing := _existing_page(request):
            messages.info(request, f"“{existing.title}” already exists: here it is.")
            return redirect(existing)
        initial = {"title": request.GET.get("title", "")[:200]}
        general = Category.objects.filter(slug="guides").first() or Category.objects.first()
        if general:
            initial["category"] = general.pk
        if draft:
            initial.update(
                title=draft.title,
                body=draft.body,
                summary=draft.summary,
                topics=draft.topic_ids,
                **{draft.param: draft.source_id},
            )
        _restore_typed(request, initial)
        form = PageForm(initial=initial)
    return render(request, "knowledge/page_form.html", {"form": form, "draft": draft})


@follows_renames
@login_required
def page_edit(request, slug):
    page = _get_page(request, slug)
    draft = prefill.draft_for(request, appending=True) if request.method == "GET" else None
    if request.method == "POST":
        form = PageForm(request.POST, page=page, user=request.user)
        if "preview" in request.POST:
            permissions.ensure_can_edit_page(request.user, page)
            return render(
                request,
                "knowledge/page_form.html",
                {"form": form, "page": page, "preview_html": _preview(form)},
            )
        permissions.ensure_can_edit_page(request.user, page)
        ratelimit.hit(request.user, PAGE_EDIT_LIMIT, scale=rate_scale(request.user))
        if form.is_valid():
            data = form.cleaned_data
            prepared = services.prepare_body(data["body"])  # rendered before the transaction
            with transaction.atomic():
                outcome = services.page_edit(
                    page=page,
                    author=request.user,
                    body=data["body"],
                    prepared=prepared,
                    base_revision=data["base_revision"],
                    summary=data["summary"],
                    title=data["title"],
                    category=data["category"],
                    topics=data["topics"],
                )
                if outcome.status != EditStatus.CONFLICT:
                    prefill.link(form.cleaned_data, page=outcome.page, user=request.user)
            if outcome.status == EditStatus.CONFLICT:
                return _conflict(request, page=outcome.page, form=form, other=outcome.revision)
            number = outcome.revision.number
            if outcome.status == EditStatus.MERGED:
                messages.success(
                    request,
                    f"Someone saved this page while you were editing. Your changes did not "
                    f"overlap with theirs, so both were merged into revision {number}.",
                )
            elif outcome.status == EditStatus.UNCHANGED:
                messages.info(request, "Nothing changed, so no new revision was made.")
            else:
                messages.success(request, f"Saved revision {number}.")
            return redirect(outcome.page)
    else:
        permissions.ensure_can_edit_page(request.user, page)
        current = page.current_revision
        body = current.body if current else ""
        initial = {
            "title": page.title,
            "category": page.category_id,
            "body": body,
            "topics": list(page.topics.values_list("pk", flat=True)),
            "base_revision": current.number if current else 0,
        }
        if draft:
            initial.update(
                body=f"{body}\n\n{draft.body}".strip(),
                summary=draft.summary,
                **{draft.param: draft.source_id},
            )
        _restore_typed(request, initial)
        form = PageForm(initial=initial, page=page)
    return render(request, "knowledge/page_form.html", {"form": form, "page": page, "draft": draft})


def _conflict(request, *, page, form, other):
    """Both texts on one page; the user's own text stays in the editor, based on `other`."""
    data = request.POST.copy()
    data["base_revision"] = str(other.number)
    fresh = PageForm(data, page=page, user=request.user)
    fresh.is_valid()
    mine = form.cleaned_data["body"]
    return render(
        request,
        "knowledge/page_conflict.html",
        {
            "page": page,
            "form": fresh,
            "other": other,
            "rows": diff_rows(other.body, mine),
            "other_label": f"Revision {other.number}",
        },
    )
