from django import forms
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from markdownx.widgets import MarkdownxWidget

from core.forms import StripControlCharactersMixin
from core.markdown import validate_markdown
from knowledge import prefill
from knowledge.models import Category, Page, Topic
from knowledge.services import SlugError, normalize_body, slug_from_title


class TopicsField(forms.ModelMultipleChoiceField):
    """Topics as checkboxes. A tampered id (not a number, too big for the database, or no
    such topic) gets one plain sentence, never the raw value or a database error."""

    MESSAGE = "One of the topics sent is not in the list. Tick the topics again."
    MAX_DIGITS = 18  # a 64-bit id; longer would overflow the database's integer

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Topic.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        for item in values:
            text = str(item).strip()
            if not (text.isdigit() and len(text) <= self.MAX_DIGITS):
                raise forms.ValidationError(self.MESSAGE, code="invalid_choice")
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "required":
                raise
            raise forms.ValidationError(self.MESSAGE, code="invalid_choice") from None


class WikiEditorWidget(MarkdownxWidget):
    """markdownx's editor, uploading images to the wiki's own checked upload view."""

    def add_markdownx_attrs(self, attrs):
        attrs = super().add_markdownx_attrs(attrs)
        attrs["data-markdownx-upload-urls-path"] = reverse("knowledge:image_upload")
        return attrs


TITLE_TAKEN = "That title is taken. Choose a different title."


class PageForm(StripControlCharactersMixin, forms.Form):
    title = forms.CharField(max_length=200)
    category = forms.ModelChoiceField(queryset=Category.objects.all(), empty_label=None)
    topics = TopicsField(help_text="What the page is about (optional).")
    body = forms.CharField(
        widget=WikiEditorWidget(attrs={"rows": 22}),
        strip=False,
        help_text=(
            "Markdown. Link other pages with [[Page title]] or [[slug|label]]; "
            "fenced code blocks get syntax highlighting."
        ),
    )
    summary = forms.CharField(
        label="Edit summary",
        max_length=300,
        required=False,
        help_text="What you changed, in a few words (optional).",
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, page: Page | None = None, user=None, **kwargs):
        self.page = page
        self.user = user  # who is told where a clashing page is (only if they may see it)
        super().__init__(*args, **kwargs)
        if page is not None:
            self.fields["base_revision"].required = True
        # Where the page started from (knowledge.prefill), carried until it is saved.
        for param in prefill.params():
            self.fields[param] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, min_value=1
            )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Give the page a title.")
        try:
            slug = self.page.slug if self.page else slug_from_title(title)
        except SlugError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if self.page is None:
            clash = Page.objects.filter(Q(title__iexact=title) | Q(slug=slug))
        else:
            clash = Page.objects.filter(title__iexact=title).exclude(pk=self.page.pk)
        existing = clash.first()
        if existing is not None:
            if not Page.objects.visible_to(self.user).filter(pk=existing.pk).exists():
                # A hidden page: say no more than that the title is in use.
                raise forms.ValidationError(TITLE_TAKEN)
            raise forms.ValidationError(
                format_html(
                    'A page with this title already exists: <a href="{}">{}</a>. '
                    "Edit that page, or choose a different title.",
                    existing.get_absolute_url(),
                    existing.title,
                )
            )
        self.slug = slug
        return title

    def clean_body(self):
        body = normalize_body(self.cleaned_data["body"])
        if not body.strip():
            raise forms.ValidationError("Write something: the page body is empty.")
        limit = settings.NEXUS_MAX_BODY_CHARS
        if len(body) > limit:
            raise forms.ValidationError(
                f"The page is too long: {len(body):,} characters, the limit is {limit:,}. "
                "Split it into several pages and link them with [[wiki links]]."
            )
        validate_markdown(body)
        return body
