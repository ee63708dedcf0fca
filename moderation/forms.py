from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from accounts.models import User
from core.forms import StripControlCharactersMixin
from moderation.models import FlagReason, LogAction


class BoundedDateField(forms.DateField):
    """A date a datetime can hold with room to spare: 9999-12-31 plus a day (the log's
    "to" bound) or minus a time zone's offset overflowed, a 500 on every database."""

    EARLIEST, LATEST = date(1900, 1, 1), date(9000, 12, 31)
    MESSAGE = f"Give a date between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}."

    def validate(self, value):
        super().validate(value)
        if value and not self.EARLIEST <= value <= self.LATEST:
            raise forms.ValidationError(self.MESSAGE, code="out_of_range")


class FlagForm(StripControlCharactersMixin, forms.Form):
    # No default: a preselected "Spam" would be sent by whoever does not look.
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=[("", "Choose a reason…"), *FlagReason.choices],
    )
    note = forms.CharField(
        label="Note for the moderators (optional)",
        max_length=500,
        required=False,
        widget=forms.TextInput(),
    )


class HideForm(StripControlCharactersMixin, forms.Form):
    reason = forms.CharField(
        label="Reason (the author will see it)",
        max_length=500,
        error_messages={"required": "Give a reason: the author will see it."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason: the author will see it.")
        return reason


class SuspendForm(StripControlCharactersMixin, forms.Form):
    """Either an end date or a number of days, and a reason the learner will see."""

    until = BoundedDateField(
        label="Suspended until (date)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    days = forms.IntegerField(
        label="or for this many days", required=False, min_value=1, max_value=3650
    )
    reason = forms.CharField(
        label="Reason (the learner will see it)",
        max_length=500,
        error_messages={"required": "Give a reason: the learner will see it."},
    )

    def clean(self):
        cleaned = super().clean()
        until, days = cleaned.get("until"), cleaned.get("days")
        if until and days:
            raise forms.ValidationError("Give either an end date or a number of days, not both.")
        if until:
            end = timezone.make_aware(datetime.combine(until, time.min))
            if end <= timezone.now():
                self.add_error("until", "The end of a suspension must be in the future.")
            cleaned["ends_at"] = end
        elif days:
            cleaned["ends_at"] = timezone.now() + timedelta(days=days)
        elif "days" not in self.errors and "until" not in self.errors:
            raise forms.ValidationError("Give an end date or a number of days.")
        return cleaned


class LogFilterForm(forms.Form):
    AUTOMATIC = "automatic"

    moderator = forms.ChoiceField(label="Moderator", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *LogAction.choices]
    )
    date_from = BoundedDateField(
        label="From", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = BoundedDateField(
        label="To", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = User.objects.filter(is_moderator=True).order_by("username")
        self.fields["moderator"].choices = [
            ("", "Anyone"),
            (self.AUTOMATIC, "The site (automatic)"),
            *((name, name) for name in names.values_list("username", flat=True)),
        ]

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["moderator"] == self.AUTOMATIC:
            entries = entries.filter(actor__isnull=True)
        elif data["moderator"]:
            entries = entries.filter(actor__username=data["moderator"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            start = timezone.make_aware(datetime.combine(data["date_from"], time.min))
            entries = entries.filter(created_at__gte=start)
        if data["date_to"] and data["date_to"] < date.max:  # 9999-12-31: no upper bound
            end = timezone.make_aware(datetime.combine(data["date_to"], time.min))
            entries = entries.filter(created_at__lt=end + timedelta(days=1))
        return entries
