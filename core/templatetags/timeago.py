"""`{{ when|ago }}`: "3 hours ago", or "just now" for the last minute (timesince alone says
"0 minutes"). A builtin (settings.TEMPLATES), so every template has it without a load."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()

JUST_NOW = timedelta(minutes=1)


@register.filter
def ago(value) -> str:
    if not value:
        return ""
    if (
        isinstance(value, datetime)
        and timezone.is_aware(value)
        and timezone.now() - value < JUST_NOW
    ):
        return "just now"
    return f"{timesince(value)} ago"
