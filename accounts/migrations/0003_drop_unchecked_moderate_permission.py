"""`accounts.moderate` was granted to the Moderators group but no code ever checked it: who is a
moderator is `User.is_moderator` (set by accounts.services). The permission goes."""

from django.db import migrations


def drop_permission(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="accounts", codename="moderate").delete()


def restore_permission(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ct, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename="moderate", defaults={"name": "Can moderate content"}
    )
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.add(perm)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_moderators_group"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={"verbose_name": "user", "verbose_name_plural": "users"},
        ),
        migrations.RunPython(drop_permission, restore_permission),
    ]
