import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.apps import MODERATOR_ADMIN_PERMISSIONS
from core.permissions import MODERATE_PERMISSION, MODERATORS_GROUP, is_moderator


def test_moderators_group_exists_after_migrate(db):
    assert Group.objects.filter(name=MODERATORS_GROUP).exists()


def test_moderators_group_has_the_moderation_and_admin_permissions(db):
    group = Group.objects.get(name=MODERATORS_GROUP)
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert MODERATE_PERMISSION in granted
    for expected in ["knowledge.change_page", "discussions.change_challenge",
                     "moderation.change_flag", "accounts.change_user"]:  # fmt: skip
        assert expected in granted
    # Nothing destructive: the product never deletes content.
    assert not any(codename.startswith("delete_") for codename in granted)


def test_every_listed_admin_permission_that_exists_is_granted(db):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=MODERATORS_GROUP)
    for app, codenames in MODERATOR_ADMIN_PERMISSIONS.items():
        for perm in Permission.objects.filter(content_type__app_label=app, codename__in=codenames):
            assert group.permissions.filter(pk=perm.pk).exists(), f"{app}.{perm.codename}"


def test_make_moderator_grants_the_role(learner, capsys):
    call_command("make_moderator", "ada")
    learner.refresh_from_db()
    assert learner.is_moderator and is_moderator(learner)
    assert learner.is_staff
    assert learner.has_perm(MODERATE_PERMISSION)
    assert "ada is now a moderator" in capsys.readouterr().out


def test_make_moderator_remove_takes_the_role_away(moderator):
    call_command("make_moderator", moderator.username, "--remove")
    moderator.refresh_from_db()
    assert not moderator.is_moderator
    assert not moderator.is_staff


def test_make_moderator_for_an_unknown_user_is_a_clean_error(db):
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        call_command("make_moderator", "ghost")
