from django import template
from django.urls import reverse

from core.permissions import is_moderator, write_refusal
from moderation import permissions
from moderation.forms import FlagForm, HideForm
from moderation.models import Flag
from moderation.queue import queue_size
from moderation.targets import author_id_of, is_post, kind_of

register = template.Library()


@register.simple_tag
def review_queue_size() -> int:
    return queue_size()


def _flagged_by(request, user) -> set[tuple[str, str, int]]:
    """Everything this user flagged, loaded once per request (one query however many items).

    Keyed by (app label, model, id) through a join, so no ContentType lookups are needed: a
    cold ContentType cache would otherwise cost one query per kind of item on the page.
    """
    cached = getattr(request, "_moderation_flagged", None)
    if cached is None:
        cached = set(
            Flag.objects.filter(flagger=user).values_list(
                "content_type__app_label", "content_type__model", "object_id"
            )
        )
        if request is not None:
            request._moderation_flagged = cached
    return cached


@register.simple_tag(takes_context=True)
def tools_signature(context, *targets) -> tuple:
    """What `_item_tools.html` would show the current user for each of `targets` (items or
    lists of items), as a key for a cached block: item_tools_state's inputs, without
    rendering anything."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ()
    items = [t for g in targets for t in (g if isinstance(g, list | tuple) else [g])]
    if is_moderator(user):
        return ("m",) + tuple(
            (t.pk, t.hidden_at is not None, is_post(t) and t.is_held) for t in items
        )
    flagged = _flagged_by(request, user)
    # permissions.can_flag is "may write, and not their own": the first part once for all.
    may_write = write_refusal(user) is None
    out = []
    for t in items:
        meta = t._meta
        if author_id_of(t) == user.pk:  # permissions.is_own
            out.append((t.pk, "own"))
        else:
            out.append((t.pk, (meta.app_label, meta.model_name, t.pk) in flagged, may_write))
    return tuple(out)


@register.simple_tag(takes_context=True)
def item_tools_state(context, target) -> dict:
    """What `_item_tools.html` shows for `target` to the current user."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    state = {"show": False}
    if target is None or user is None or not user.is_authenticated or target.pk is None:
        return state
    kind = kind_of(target)
    args = [kind, target.pk]
    state.update(
        show=True,
        kind=kind,
        key=f"{kind}-{target.pk}",
        next_url=_next(request),
        is_moderator=is_moderator(user),
    )
    if state["is_moderator"]:
        state.update(
            is_hidden=target.hidden_at is not None,
            is_held=is_post(target) and target.is_held,
            hide_url=reverse("moderation:hide", args=args),
            restore_url=reverse("moderation:restore", args=args),
            approve_url=reverse("moderation:approve", args=args),
            hide_form=HideForm(auto_id=f"id_hide_{kind}_{target.pk}_%s"),
        )
        return state
    if permissions.is_own(user, target):
        return state | {"show": False}
    meta = target._meta
    state.update(
        has_flagged=(meta.app_label, meta.model_name, target.pk) in _flagged_by(request, user),
        can_flag=permissions.can_flag(user, target),
        flag_url=reverse("moderation:flag", args=args),
    )
    form = context.get("flag_form")
    # The form itself only when asked for (the flag link's htmx request) or sent back with
    # errors or a refusal; otherwise the item shows a link to it.
    state["flag_open"] = form is not None or bool(context.get("tools_refusal"))
    if not state["flag_open"]:
        return state
    if form is None:
        # The blank form is the same for every item but its ids: rendered once per process
        # and stamped (a page of 50 solutions x 20 comments has hundreds of these).
        state["flag_fields"] = blank_form_fields(FlagForm, "flag", f"{kind}_{target.pk}")
        form = FlagForm()
    form.auto_id = f"id_flag_{kind}_{target.pk}_%s"
    state["flag_form"] = form
    return state


_STAMP = "__NEXUS_ITEM__"
_FIELDS = template.Template(
    "{{ form.non_field_errors }}{% for field in form %}{{ field.errors }}{{ field.label_tag }} "
    "{{ field }}\n{% endfor %}"
)
_blank: dict[tuple, str] = {}


def blank_form_fields(form_class, prefix: str, key: str) -> str:
    """An unbound form's fields (labels, widgets) with ids id_<prefix>_<key>_<field>: the
    same HTML the template would render field by field, made once per form class."""
    from django.utils.safestring import mark_safe

    cache_key = (form_class, prefix)
    html = _blank.get(cache_key)
    if html is None:
        form = form_class(auto_id=f"id_{prefix}_{_STAMP}_%s")
        html = _blank[cache_key] = _FIELDS.render(template.Context({"form": form}))
    # Django rendered the form; the stamp becomes the item key (our own ids, no user text).
    return mark_safe(html.replace(_STAMP, key))  # noqa: S308


def _next(request) -> str:
    # After an htmx flag the fragment is drawn by the flag view: keep the page it came from.
    if request is None:
        return ""
    return request.POST.get("next") or request.GET.get("next") or request.get_full_path()
