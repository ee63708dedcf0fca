from allauth.account import forms as allauth_forms
from django import forms

from accounts.models import Profile
from core.forms import StripControlCharactersMixin


class ProfileForm(StripControlCharactersMixin, forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "track",
            "bio",
            "github_url",
            "website_url",
            "email_notifications",
        ]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4, "maxlength": 500})}
        help_texts = {
            "display_name": "Shown beside your posts; your username if left empty.",
            "track": "Which side of the API you are learning.",
            "github_url": "For example https://github.com/your-name",
        }

    def clean_github_url(self):
        url = self.cleaned_data["github_url"]
        if url and not url.startswith(("https://github.com/", "http://github.com/")):
            raise forms.ValidationError("Give a github.com address, like https://github.com/you.")
        return url


class LoginForm(allauth_forms.LoginForm):
    """allauth's log-in form, with labels that say what to type."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].label = "Password"
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me logged in on this device"
