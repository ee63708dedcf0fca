import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from core import ratelimit
from core.pagination import keyset_page, page_of
from core.permissions import ensure_can_write
from knowledge import permissions, services
from knowledge.diffing import diff_rows
from knowledge.models import Category, Page, PageAlias, PageRevision, PageWatch
from knowledge.rendering import relink_existing
from knowledge.uploads import MAX_PIXELS, ImageUploadForm

log = logging.getLogger("nexus.uploads")


def _get_page(request, slug, *, current=True) -> Page:
    """Hidden pages answer 404 to everyone but moderators."""
    qs = Page.objects.visible_to(request.user)
    if current:
        qs = qs.with_current()
    return get_object_or_404(qs, slug=slug)


def follows_renames(view):
    """A renamed page keeps answering at its old slug: GETs redirect to the new URL (query kept),
    and a form posted to the old URL (an edit begun before the rename) is handled as if posted
    to the new one, so nobody's text is lost to a rename."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        try:
            return view(request, slug=slug, **kwargs)
        except Http404:
            moved_to = PageAlias.objects.filter(slug=slug).values_list("page__slug", flat=True)
            new_slug = moved_to.first()
            if new_slug is None:
                raise
        if request.method not in ("GET", "HEAD"):
            return view(request, slug=new_slug, **kwargs)
        url = reverse(request.resolver_match.view_name, kwargs={**kwargs, "slug": new_slug})
        query = request.META.get("QUERY_STRING", "")
        if request.resolver_match.url_name == "page_detail":
            # The page says "(Redirected from …)", as a wiki does, so a reader who followed
            # an old link knows why the title differs. A one-off message (a cookie for
            # readers), not a query: the page's URL stays its one canonical URL.
            messages.info(request, f"(Redirected from “{slug}”: the page was renamed.)")
        return HttpResponseRedirect(f"{url}?{query}" if query else url)

    return wrapper


def _int_param(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


# --- Reading -----------------------------------------------------------------------------------


@require_GET
def page_list(request):
    pages = (
        Page.objects.visible_to(request.user)
        .select_related("category")
        .order_by("category__position", "category__name", "title")
    )
    category = None
    if request.GET.get("category"):
        category = get_object_or_404(Category, slug=request.GET["category"])
        pages = pages.filter(category=category)
    return render(
        request,
        "knowledge/page_list.html",
        {
            "page_obj": page_of(request, pages),
            "category": category,
            "categories": Category.objects.all(),
        },
    )


@follows_renames
@require_GET
def page_detail(request, slug):
    user = request.user
    pages = Page.objects.visible_to(user).with_current()
    if user.is_authenticated:
        # Folded into the page's own query: one fewer round trip for every logged-in view.
        watched = PageWatch.objects.filter(page=OuterRef("pk"), user=user)
        pages = pages.annotate(is_watching=Exists(watched))
    page = get_object_or_404(pages, slug=slug)
    backlinks = list(
        Page.objects.visible_to(user)
        .filter(outgoing_links__target=page)
        .only("title", "slug")
        .order_by("title")[:101]
    )
    context = {
        "page": page,
        "revision": page.current_revision,
        "topics": list(page.topics.all()),
        "backlinks": backlinks[:100],
        "more_backlinks": len(backlinks) > 100,
        "source_challenges": list(
            page.source_challenges.visible_to(user).only("pk", "title").order_by("pk")
        ),
        "can_edit": permissions.can_edit_page(user, page),
        "can_moderate": permissions.can_moderate_page(user),
        "is_watching": getattr(page, "is_watching", False),
    }
    return render(request, "knowledge/page_detail.html", context)


@follows_renames
@require_GET
def page_history(request, slug):
    page = _get_page(request, slug)
    page_obj = keyset_page(request, page.revisions.select_related("author"), ["-number"])
    return render(
        request,
        "knowledge/page_history.html",
        {
            "page": page,
            "page_obj": page_obj,
            "can_moderate": permissions.can_moderate_page(request.user),
        },
    )


@follows_renames
@require_GET
def revision_detail(request, slug, number):
    page = _get_page(request, slug)
    revision = get_object_or_404(page.revisions.select_related("author"), number=number)
    # Its links as of today: pages created since the revision are no longer "missing".
    revision.body_html = relink_existing(revision.body_html)
    return render(
        request,
        "knowledge/revision_detail.html",
        {
            "page": page,
            "revision": revision,
            "is_current": revision.pk == page.current_revision_id,
            "can_moderate": permissions.can_moderate_page(request.user),
        },
    )


@follows_renames
@require_GET
@vary_on_headers("HX-Request")
def page_diff(request, slug):
    page = _get_page(request, slug)
    current = page.current_revision
    if current is None:
        raise Http404("This page has no revisions.")
    to_number = _int_param(request.GET.get("to")) if "to" in request.GET else current.number
    from_number = (
        _int_param(request.GET.get("from"))
        if "from" in request.GET
        else max((to_number or 1) - 1, 1)
    )
    if from_number is None or to_number is None:
        raise Http404("Pick two revisions to compare.")
    found = {
        r.number: r
        for r in page.revisions.select_related("author").filter(number__in=[from_number, to_number])
    }
    if from_number not in found or to_number not in found:
        raise Http404("No such revision.")
    old, new = found[from_number], found[to_number]
    template = "knowledge/page_diff.html"
    if request.htmx:
        template += "#diff"
    return render(
        request,
        template,
        {
            "page": page,
            "old": old,
            "new": new,
            "rows": diff_rows(old.body, new.body),
            "title_changed": old.title != new.title,
        },
    )


@require_GET
def recent_changes(request):
    category_slug = request.GET.get("category", "")
    author = request.GET.get("author", "").strip()[:150]
    # The page's conditions as a correlated EXISTS, not as a join filter: walking the
    # revisions newest first, each row checks its own page by primary key and the page of 20
    # stops early. As a join filter, SQLite first builds a Bloom filter over every visible page
    # (10 ms at 100,000 pages), and with a category it starts from the category's pages and
    # sorts all their revisions (0.6 s at 1,000,000 revisions); this way both take 2 ms.
    pages = Page.objects.filter(pk=OuterRef("page_id"), hidden_at__isnull=True)
    if category_slug:
        pages = pages.filter(category__slug=category_slug)
    revisions = PageRevision.objects.filter(Exists(pages)).select_related(
        "page", "author", "page__category"
    )
    if author:
        # The author's id in a subquery, not a join filter: SQLite then walks that author's
        # revisions by index (4 ms at 1,000,000 revisions, against 0.9 s to 2.9 s as a join).
        authors = User.objects.filter(username__iexact=author).values("pk")
        revisions = revisions.filter(author__in=authors)
    return render(
        request,
        "knowledge/recent_changes.html",
        {
            "page_obj": keyset_page(request, revisions, ["-created_at", "-pk"]),
            "categories": Category.objects.all(),
            "category_slug": category_slug,
            "author": author,
        },
    )


@follows_renames
@require_POST
@vary_on_headers("HX-Request")
def page_watch(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("knowledge:page_detail", args=[slug]))
    page = _get_page(request, slug, current=False)
    permissions.ensure_can_watch_page(request.user)
    wanted = request.POST.get("watch")
    if wanted is None:
        wanted = "0" if PageWatch.objects.filter(page=page, user=request.user).exists() else "1"
    if wanted == "1":
        services.page_watch(page=page, user=request.user)
        is_watching = True
    else:
        services.page_unwatch(page=page, user=request.user)
        is_watching = False
    if request.htmx:
        return render(
            request,
            "knowledge/page_detail.html#watch-button",
            {"page": page, "is_watching": is_watching},
        )
    messages.success(
        request,
        f"You are watching “{page.title}”."
        if is_watching
        else f"You stopped watching “{page.title}”.",
    )
    return redirect(page)


UPLOAD_STORE_FAILED = (
    "The image could not be stored just now (our file store is not answering). "
    "Your text is untouched: try the upload again in a few minutes."
)


@login_required
def image_upload(request):
    """The editor's drag-and-drop upload (JSON), and a plain form for when JavaScript is off."""
    is_xhr = request.headers.get("x-requested-with") == "XMLHttpRequest"
    form = ImageUploadForm(request.POST or None, request.FILES or None)
    url = None
    if request.method == "POST":
        ensure_can_write(request.user)
        try:
            ratelimit.hit(request.user, "upload")  # before any decoding
        except ratelimit.RateLimited as limited:
            if not is_xhr:
                raise  # the 429 page
            response = JsonResponse({"error": str(limited)}, status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        if form.is_valid():
            try:
                url = form.save()
            except OSError:  # the upload store failed (disk full, bucket unreachable)
                log.exception("image upload: the store refused the file")
                form.add_error(None, UPLOAD_STORE_FAILED)
            if url and is_xhr:
                return JsonResponse({"image_code": f"![]({url})"})
        if form.errors and is_xhr:
            messages_ = form.errors.get("image") or form.non_field_errors()
            message = " ".join(messages_) or "The upload was refused."
            status = 503 if UPLOAD_STORE_FAILED in message else 400
            return JsonResponse({"error": message}, status=status)
    return render(
        request,
        "knowledge/image_upload.html",
        {
            "form": form,
            "url": url,
            "max_size": settings.MARKDOWNX_UPLOAD_MAX_SIZE,
            "max_megapixels": MAX_PIXELS // 1_000_000,
        },
    )
