from django.conf import settings
from django.db import migrations, models


def analyze_challenges(apps, schema_editor):
    # SQLite plans with the statistics ANALYZE left (generate_hub runs it): a new index has
    # none, and SQLite then guessed it selective and sorted every open challenge through it
    # (the list's "open, recently active" went from 13 ms to 270 ms on 100,000 challenges).
    # PostgreSQL's statistics are per column and kept by autovacuum: nothing to do there.
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone():
            cursor.execute("ANALYZE discussions_challenge")


class Migration(migrations.Migration):

    dependencies = [
        ('discussions', '0003_perf_indexes'),
        ('knowledge', '0004_perf_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='challenge',
            index=models.Index(fields=['status', '-vote_count', '-created_at'], name='challenge_status_votes'),
        ),
        migrations.AddIndex(
            model_name='challenge',
            index=models.Index(fields=['status', 'solution_count', '-created_at'], name='challenge_unanswered'),
        ),
        migrations.RunPython(analyze_challenges, migrations.RunPython.noop, elidable=True),
    ]
