from django import forms

from core.forms import StripControlCharactersMixin
from knowledge.forms import TopicsField
from webhooks import outgoing
from webhooks.models import EVENT_CHOICES, Hook


class HookForm(StripControlCharactersMixin, forms.ModelForm):
    # A text field, not a URLField: a refused URL gets our reason, not "Enter a valid URL".
    url = forms.CharField(
        label="URL",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://hooks.slack.com/services/…"}),
        help_text="Where each event is POSTed: http:// or https://, on a host the operator allows.",
    )
    events = forms.MultipleChoiceField(
        choices=EVENT_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Tick at least one event."},
    )
    topics = TopicsField(
        label="Only these topics (optional)",
        help_text="Tick none for every topic. Otherwise only challenges (and their solutions "
        "and comments) and wiki pages with one of these topics are sent.",
    )

    class Meta:
        model = Hook
        fields = ["name", "url", "events", "topics", "format"]
        widgets = {"format": forms.RadioSelect}
        help_texts = {
            "name": "For you: e.g. “#celery channel on Slack”.",
            "format": "Slack and Discord get a one-line message for their incoming webhooks; "
            "the JSON event carries every field, for your own receiver.",
        }

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            outgoing.check(url)
        except outgoing.Refused as refusal:
            raise forms.ValidationError(str(refusal)) from None
        return url

    def clean_events(self):
        chosen = self.cleaned_data["events"]
        return [name for name, _label in EVENT_CHOICES if name in chosen]
