from django.db import migrations

# A fresh install can write pages before any demo content is loaded. The list is read from
# knowledge/categories.py, the one place it is written; ensure_categories only adds what is
# missing, so a later change to the list needs a data migration of its own for existing sites.
from knowledge.categories import ensure_categories


def add_categories(apps, schema_editor):
    ensure_categories(apps.get_model("knowledge", "Category"))


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
