"""A learner's portfolio (/u/<username>/learnings/), its import, edit and export, and what
learners learned across every portfolio (/learnings/)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from core import ratelimit
from core.models import is_moderator
from core.pagination import page_of
from core.permissions import needs_review
from discussions.models import Solution
from portfolios import exporter, importer, permissions, selectors, services
from portfolios.forms import ConfirmForm, ImportForm, PortfolioForm, readme_problem
from portfolios.models import Note, Portfolio


def _owner(username: str) -> User:
    return get_object_or_404(
        User.objects.select_related("profile"), username=username, is_active=True
    )


@require_GET
def portfolio_detail(request, username):
    owner = _owner(username)
    portfolio = Portfolio.objects.filter(user=owner).first()
    technologies, concepts = selectors.term_rows(owner)
    challenges_page = page_of(
        request,
        selectors.challenges_met(owner, request.user),
        per_page=selectors.CHALLENGES_PER_PAGE,
        param="challenges_page",
    )
    challenges = list(challenges_page.object_list)
    accepted = {
        s.challenge_id: s
        for s in Solution.objects.visible_to(request.user).filter(
            challenge__in=[c.pk for c in challenges], is_accepted=True
        )
    }
    for challenge in challenges:
        challenge.accepted_solution = accepted.get(challenge.pk)
    solutions_page = page_of(
        request, selectors.solutions_for_others(owner, request.user), param="solutions_page"
    )
    context = {
        "owner": owner,
        "portfolio": portfolio,
        "technologies_declared": [t for t in technologies if t.declared],
        "technologies_derived": [t for t in technologies if not t.declared],
        "concepts": concepts,
        "challenges_page": challenges_page,
        "challenges": challenges,
        "solutions_page": solutions_page,
        "notes": Note.objects.filter(user=owner).order_by("position", "pk"),
        "can_edit": permissions.can_edit_portfolio(request.user, owner),
        **selectors.collaborators(owner),
    }
    return render(request, "portfolios/portfolio_detail.html", context)


def _plan_choices(plan) -> list[tuple[str, str]]:
    return [(item.key, item.label) for item in plan.new_items]


@login_required
def portfolio_import(request, username):
    """Paste or upload a README; its default button shows the preview (nothing is created
    until the preview's form is sent)."""
    owner = _owner(username)
    permissions.ensure_can_edit_portfolio(request.user, owner)
    if request.method == "POST" and "edit" in request.GET:
        # The preview's "Change the text": back to this form with the README in it.
        form = ImportForm(initial={"readme": importer.repair(request.POST.get("readme", ""))})
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            return _preview(request, owner, form.cleaned_data["text"])
    else:
        form = ImportForm()
    return render(request, "portfolios/portfolio_import.html", {"owner": owner, "form": form})


def _preview(request, owner, text: str, *, form: ConfirmForm | None = None, status: int = 200):
    parsed = importer.parse(text, base_url=settings.NEXUS_BASE_URL)
    plan = services.import_plan(user=owner, parsed=parsed)
    if form is None:
        form = ConfirmForm(
            initial={"readme": text, "items": [i.key for i in plan.new_items]},
            choices=_plan_choices(plan),
        )
    ticked = set(form["items"].value() or [])
    return render(
        request,
        "portfolios/portfolio_preview.html",
        {
            "owner": owner,
            "form": form,
            "plan": plan,
            "parsed": parsed,
            "ticked": ticked,
            "sections": _sections(plan),
            "can_create_topic": services.can_create_topic(request.user),
            "held": needs_review(owner),
            "per_import": services.MAX_CHALLENGES_PER_IMPORT,
        },
        status=status,
    )


def _sections(plan) -> list[tuple[str, list]]:
    return [
        ("Overview", plan.of_kind("overview")),
        ("Key technologies", plan.of_kind("technology")),
        ("Core concepts", plan.of_kind("concept")),
        ("Challenges and solutions", plan.of_kind("challenge")),
        ("Best practices and takeaways", plan.of_kind("takeaway")),
        ("Collaboration", plan.of_kind("collaboration")),
    ]


@login_required
@require_POST
def portfolio_import_confirm(request, username):
    owner = _owner(username)
    permissions.ensure_can_edit_portfolio(request.user, owner)
    text = importer.repair(request.POST.get("readme", ""))
    if problem := readme_problem(text):
        # Checked before reading it: an oversized text is never parsed.
        form = ImportForm(initial={"readme": text})
        context = {"owner": owner, "form": form, "errors": [problem]}
        return render(request, "portfolios/portfolio_import.html", context)
    parsed = importer.parse(text, base_url=settings.NEXUS_BASE_URL)
    plan = services.import_plan(user=owner, parsed=parsed)
    # Only the ticks are read from the page, and only those naming an item that is new now (a
    # box for an item imported meanwhile, in another tab, is ignored).
    selected = set(request.POST.getlist("items")) & {i.key for i in plan.new_items}
    # One import, one count against the limit, however much it creates (and none when it
    # creates nothing: importing the same README again is free).
    if selected & {item.key for item in plan.new_items}:
        ratelimit.hit(request.user, "portfolio_import")
    result = services.import_apply(user=owner, plan=plan, selected=selected)
    selectors.forget_learnings()
    if result.total:
        held = sum(1 for c in result.challenges if c.is_held)
        parts = [
            _count(len(result.challenges), "challenge"),
            _count(result.terms, "technology or concept", "technologies and concepts"),
            _count(result.notes, "takeaway"),
        ]
        text = f"Imported {', '.join(parts)}."
        if result.overview or result.collaboration:
            text += " Your overview and collaboration notes are updated."
        if held:
            text += " Your new challenges wait for a moderator's review before others see them."
        messages.success(request, text)
    else:
        messages.info(request, "Nothing new to import: your portfolio already has all of it.")
    return redirect("portfolios:portfolio_detail", owner.username)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


@login_required
def portfolio_edit(request, username):
    owner = _owner(username)
    permissions.ensure_can_edit_portfolio(request.user, owner)
    portfolio = services.portfolio_for(owner)
    if request.method == "POST":
        form = PortfolioForm(request.POST)
        if form.is_valid():
            services.portfolio_update(user=owner, **form.cleaned_data)
            selectors.forget_learnings()
            messages.success(request, "Your portfolio is saved.")
            return redirect("portfolios:portfolio_detail", owner.username)
    else:
        terms = list(owner.declared_terms.order_by("position", "pk"))
        form = PortfolioForm(
            initial={
                "overview": portfolio.overview,
                "collaboration": portfolio.collaboration,
                "technologies": services.terms_text(t for t in terms if t.kind == "technology"),
                "concepts": services.terms_text(t for t in terms if t.kind == "concept"),
                "takeaways": services.notes_text(owner.portfolio_notes.order_by("position", "pk")),
            }
        )
    return render(request, "portfolios/portfolio_edit.html", {"owner": owner, "form": form})


@require_GET
def portfolio_export(request, username):
    owner = _owner(username)
    text = exporter.export_readme(owner, request.user)
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="README.md"'
    return response


@require_GET
def learnings(request):
    context = dict(selectors.learnings())
    context["is_moderator"] = is_moderator(request.user)
    context["can_promote"] = permissions.can_promote_term(request.user)
    return render(request, "portfolios/learnings.html", context)


@login_required
@require_POST
def term_promote(request):
    """A moderator turns a technology learners declared into a topic of the wiki."""
    permissions.ensure_can_promote_term(request.user)
    key = importer.term_key(request.POST.get("key", ""))
    topic = services.term_promote(key=key) if key else None
    if topic is None:
        messages.error(request, "No learner declared that technology.")
    else:
        selectors.forget_learnings()
        messages.success(request, f"“{topic.name}” is a topic now.")
    return redirect(reverse("portfolios:learnings"))
