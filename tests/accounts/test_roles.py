"""One truth for "moderator": User.is_moderator, set only by accounts.services (through
make_moderator, the admin's actions, the demo accounts and the test factories). The Moderators
group follows it and only carries the admin permissions."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command

from accounts.apps import MODERATOR_ADMIN_PERMISSIONS
from accounts.models import User
from core.permissions import MODERATORS_GROUP, is_moderator
from tests.factories import PASSWORD


def test_moderators_group_exists_after_migrate(db):
    assert Group.objects.filter(name=MODERATORS_GROUP).exists()


def test_moderators_group_has_the_admin_permissions(db):
    group = Group.objects.get(name=MODERATORS_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    for expected in ["knowledge.change_page", "discussions.change_challenge",
                     "moderation.change_flag", "accounts.change_user"]:  # fmt: skip
        assert expected in granted
    # Nothing destructive: the product never deletes content.
    assert not any(codename.startswith("delete_") for codename in granted)


def test_the_unchecked_moderate_permission_is_gone(db):
    assert not Permission.objects.filter(codename="moderate").exists()


def test_every_listed_admin_permission_that_exists_is_granted(db):
    group = Group.objects.get(name=MODERATORS_GROUP)
    for app, codenames in MODERATOR_ADMIN_PERMISSIONS.items():
        for perm in Permission.objects.filter(content_type__app_label=app, codename__in=codenames):
            assert group.permissions.filter(pk=perm.pk).exists(), f"{app}.{perm.codename}"


def _client_for(client, user):
    client.force_login(user)
    return client


def test_make_moderator_makes_the_site_and_the_admin_treat_them_as_moderator(
    learner, client, capsys
):
    call_command("make_moderator", "ada")
    assert "ada is now a moderator" in capsys.readouterr().out

    learner.refresh_from_db()
    assert learner.is_moderator and is_moderator(learner) and learner.is_staff
    assert learner.groups.filter(name=MODERATORS_GROUP).exists()
    client = _client_for(client, learner)
    assert client.get("/moderation/").status_code == HTTPStatus.OK
    assert client.get("/admin/").status_code == HTTPStatus.OK
    assert client.get("/admin/knowledge/page/").status_code == HTTPStatus.OK


def test_make_moderator_remove_takes_both_away(moderator, client, capsys):
    call_command("make_moderator", moderator.username, "--remove")
    assert "mod is no longer a moderator" in capsys.readouterr().out

    moderator.refresh_from_db()
    assert not moderator.is_moderator and not is_moderator(moderator)
    assert not moderator.is_staff
    assert not moderator.groups.filter(name=MODERATORS_GROUP).exists()
    client = _client_for(client, moderator)
    assert client.get("/moderation/").status_code == HTTPStatus.FORBIDDEN
    assert client.get("/admin/").status_code == HTTPStatus.FOUND  # to the admin's log-in


def test_the_group_alone_makes_nobody_a_moderator(learner):
    learner.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    learner.refresh_from_db()
    assert not is_moderator(learner)


def test_make_moderator_for_an_unknown_user_is_a_clean_error(db):
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        call_command("make_moderator", "ghost")


def test_an_operator_grants_and_revokes_the_role_in_the_admin(admin_client, learner):
    url = "/admin/accounts/user/"
    admin_client.post(url, {"action": "make_moderator", "_selected_action": [learner.pk]})
    learner.refresh_from_db()
    assert learner.is_moderator and learner.is_staff
    assert learner.groups.filter(name=MODERATORS_GROUP).exists()

    admin_client.post(url, {"action": "take_moderator_role_away", "_selected_action": [learner.pk]})
    learner.refresh_from_db()
    assert not learner.is_moderator and not learner.is_staff
    assert not learner.groups.filter(name=MODERATORS_GROUP).exists()


def test_the_admin_form_cannot_give_the_role_through_the_group(admin_client, learner):
    group = Group.objects.get(name=MODERATORS_GROUP)
    response = admin_client.get(f"/admin/accounts/user/{learner.pk}/change/")
    form = response.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"password", "groups", "user_permissions"}
    }
    data.update(
        {
            "groups": [group.pk],
            "date_joined_0": learner.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": learner.date_joined.strftime("%H:%M:%S"),
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "1",
            "profile-0-id": learner.profile.pk,
            "profile-0-user": learner.pk,
            "profile-0-track": learner.profile.track,
            "profile-0-email_notifications": learner.profile.email_notifications,
        }
    )
    response = admin_client.post(f"/admin/accounts/user/{learner.pk}/change/", data)

    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    assert "follows the moderator role" in response.content.decode()
    assert not User.objects.get(pk=learner.pk).groups.filter(name=MODERATORS_GROUP).exists()


def test_moderators_cannot_hand_out_roles_in_the_admin(moderator, learner, client):
    client.login(username=moderator.username, password=PASSWORD)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == HTTPStatus.OK
    assert "make_moderator" not in response.content.decode()
    form = client.get(f"/admin/accounts/user/{learner.pk}/change/").context["adminform"]
    assert {"is_superuser", "groups"} <= set(form.readonly_fields)
