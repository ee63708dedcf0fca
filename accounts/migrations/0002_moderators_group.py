from django.db import migrations

MODERATORS_GROUP = "Moderators"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    ct, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    perm, _ = Permission.objects.get_or_create(
        content_type=ct, codename="moderate", defaults={"name": "Can moderate content"}
    )
    group.permissions.add(perm)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
