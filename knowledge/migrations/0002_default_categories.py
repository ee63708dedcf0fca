from django.db import migrations

# A fresh install can write pages before any demo content is loaded.
CATEGORIES = [
    ("Technologies", "technologies", "The tools of the program: languages, frameworks, services."),
    ("Concepts", "concepts", "Ideas that outlive any one tool."),
    ("Best practices", "best-practices", "How we like to work."),
    ("Collaboration", "collaboration", "Backend and frontend learners building together."),
    ("Guides", "guides", "Step-by-step write-ups and everything else."),
]


def add_categories(apps, schema_editor):
    Category = apps.get_model("knowledge", "Category")
    for position, (name, slug, description) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
