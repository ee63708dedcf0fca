from django import forms

from api.models import Scope
from api.services import EXPIRY_CHOICES
from core.forms import StripControlCharactersMixin


class TokenForm(StripControlCharactersMixin, forms.Form):
    name = forms.CharField(
        max_length=80,
        help_text="What it is for, so you can tell your tokens apart (e.g. “my React app”).",
    )
    scope = forms.ChoiceField(
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read is enough to show content; write also posts, edits and votes as you.",
    )
    days = forms.TypedChoiceField(
        label="Expires after",
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=90,
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name
