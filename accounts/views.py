from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from accounts import permissions
from accounts.forms import ProfileForm
from accounts.models import User


@login_required
def profile_edit(request, username):
    profile_user = get_object_or_404(User.objects.select_related("profile"), username=username)
    profile = profile_user.profile
    permissions.ensure_can_edit_profile(request.user, profile)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect(profile_user)
    return render(
        request, "accounts/profile_edit.html", {"form": form, "profile_user": profile_user}
    )
