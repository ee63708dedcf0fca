from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from markdownx.widgets import MarkdownxWidget

from core.forms import StripControlCharactersMixin
from core.markdown import validate_markdown
from discussions.models import Challenge
from knowledge.forms import TopicsField


def _clean_body(value: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(f"Write something: an empty {what} can't be posted.")
    if len(value) > limit:
        raise forms.ValidationError(
            f"That is {len(value):,} characters; a {what} can have at most {limit:,}. "
            "Your text is still here: shorten it and post again."
        )
    validate_markdown(value)
    return value


class ChallengeForm(StripControlCharactersMixin, forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="One line that says what went wrong, e.g. “Celery tasks fail without a trace”.",
    )
    body = forms.CharField(
        label="Describe the challenge",
        widget=MarkdownxWidget(attrs={"rows": 14}),
        # No max_length here: an oversized body comes back with a clear error, not a cut.
        required=False,
        help_text="Markdown: what you tried, what happened, error messages in ``` code blocks.",
    )
    topics = TopicsField(help_text="The technologies it is about; each links to its wiki page.")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 8:
            raise forms.ValidationError("Give the challenge a title of at least 8 characters.")
        return title

    def clean_body(self):
        return _clean_body(
            self.cleaned_data.get("body"), settings.NEXUS_MAX_BODY_CHARS, "challenge"
        )

    @classmethod
    def initial_for(cls, challenge: Challenge) -> dict:
        return {
            "title": challenge.title,
            "body": challenge.body,
            "topics": list(challenge.topics.all()),
        }


class SolutionForm(StripControlCharactersMixin, forms.Form):
    body = forms.CharField(
        label="Your solution",
        widget=MarkdownxWidget(attrs={"rows": 10}),
        required=False,
        help_text="Markdown. Say what fixed it and why; code in ``` blocks.",
    )

    def clean_body(self):
        return _clean_body(self.cleaned_data.get("body"), settings.NEXUS_MAX_BODY_CHARS, "solution")


class CommentForm(StripControlCharactersMixin, forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "class": "comment-input",
                # static/js/mentions.js offers usernames from here as "@…" is typed.
                "data-mentions": reverse_lazy("discussions:mention_suggestions"),
                "autocomplete": "off",
            }
        ),
        required=False,
        help_text="Short Markdown: links and `code`. Mention someone with @username.",
    )

    def clean_body(self):
        return _clean_body(
            self.cleaned_data.get("body"), settings.NEXUS_MAX_COMMENT_CHARS, "comment"
        )
