"""The two wikis, each driven in its own process (`wiki_bench.py --side nexus|djangowiki`)."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

from wikibench import ROOT
from wikibench.timing import Timer, memory, time_edits, time_reads


class NexusSide:
    """Project Nexus: project.settings, DEBUG off, pages through knowledge.services."""

    name = "Nexus"
    body_field = "body"
    save_button: dict = {}  # the "Save changes" button has no name

    def setup(self, workdir: Path) -> None:
        sys.path.insert(0, str(ROOT))
        os.environ.update(
            DJANGO_SETTINGS_MODULE="project.settings",
            SECRET_KEY="wiki-bench-only-not-a-secret-" + "x" * 40,
            ALLOWED_HOSTS="testserver,localhost",
            DATABASE_URL=f"sqlite:///{workdir / 'nexus.sqlite3'}",
            MEDIA_ROOT=str(workdir / "media-nexus"),
            LOG_LEVEL="WARNING",
            # The bench saves hundreds of edits as one user within minutes.
            NEXUS_RATE_PAGE_EDIT="1000000000/3600",
        )
        for name in ("DJANGO_DEBUG", "REDIS_URL", "TASK_BACKEND", "AWS_STORAGE_BUCKET_NAME"):
            os.environ.pop(name, None)
        import warnings

        warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no static root
        import django

        django.setup()
        from django.test.utils import override_settings

        # Static files as the tests serve them: production's manifest needs collectstatic.
        override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            }
        ).enable()

    def versions(self) -> dict:
        import django
        import markdown

        return {"Django": django.get_version(), "Markdown": markdown.__version__}

    def load(self, content: dict) -> None:
        from accounts.models import User
        from knowledge import services
        from knowledge.models import Category, Page

        author = User.objects.create_user("loader", "loader@example.org", "pw")
        User.objects.create_user("editor", "editor@example.org", "pw")  # who edits when timed
        category = Category.objects.order_by("pk").first()
        for page in content["pages"]:
            created = services.page_create(
                title=page["title"],
                category=category,
                body=page["revisions"][0],
                author=author,
                summary="Created the page",
            )
            assert created.slug == page["slug"], (created.slug, page["slug"])
        pages = {p.slug: p for p in Page.objects.all()}
        for index in range(1, len(content["pages"][0]["revisions"])):
            for page in content["pages"]:
                outcome = services.page_edit(
                    page=pages[page["slug"]],
                    author=author,
                    body=page["revisions"][index],
                    base_revision=index,
                    summary=f"Revision {index + 1}",
                )
                assert outcome.status == services.EditStatus.SAVED, outcome.status

    def page_url(self, slug):
        return f"/wiki/{slug}/"

    def history_url(self, slug):
        return f"/wiki/{slug}/history/"

    def diff_urls(self, slugs):
        from knowledge.models import Page

        last = dict(
            Page.objects.filter(slug__in=slugs).values_list("slug", "current_revision__number")
        )
        return [f"/wiki/{s}/diff/?from={last[s] - 1}&to={last[s]}" for s in slugs]

    def edit_url(self, slug):
        return f"/wiki/{slug}/edit/"

    def revision_counts(self, slugs):
        from django.db.models import Count

        from knowledge.models import Page

        pages = Page.objects.filter(slug__in=slugs).annotate(n=Count("revisions"))
        return dict(pages.values_list("slug", "n"))


class DjangoWikiSide:
    """django-wiki: bench/djangowiki/settings.py, pages through URLPath / Article.add_revision."""

    name = "django-wiki"
    body_field = "content"
    save_button = {"save": ["1"]}  # the edit view saves only when "save" is posted

    def setup(self, workdir: Path) -> None:
        sys.path.insert(0, str(ROOT / "bench"))
        os.environ.update(
            DJANGO_SETTINGS_MODULE="djangowiki.settings",
            WIKI_BENCH_DB=str(workdir / "djangowiki.sqlite3"),
            WIKI_BENCH_MEDIA=str(workdir / "media-djangowiki"),
        )
        import django

        django.setup()

    def versions(self) -> dict:
        from importlib.metadata import version

        import django

        return {
            "Django": django.get_version(),
            "wiki": version("wiki"),
            "Markdown": version("Markdown"),
        }

    def load(self, content: dict) -> None:
        from django.contrib.auth.models import User
        from wiki.models import Article, ArticleRevision, URLPath

        author = User.objects.create_user("loader", "loader@example.org", "pw")
        User.objects.create_user("editor", "editor@example.org", "pw")  # who edits when timed
        root = URLPath.create_root(title="Wiki", content="The bench's root article.")
        for page in content["pages"]:
            URLPath.create_urlpath(
                root,
                page["slug"],
                title=page["title"],
                content=page["revisions"][0],
                user=author,
                user_message="Created the page",
            )
        article_ids = dict(URLPath.objects.filter(parent=root).values_list("slug", "article_id"))
        for index in range(1, len(content["pages"][0]["revisions"])):
            for page in content["pages"]:
                article = Article.objects.select_related("current_revision").get(
                    pk=article_ids[page["slug"]]
                )
                revision = ArticleRevision()
                revision.inherit_predecessor(article)
                revision.content = page["revisions"][index]
                revision.user = author
                revision.user_message = f"Revision {index + 1}"
                article.add_revision(revision)

    def page_url(self, slug):
        return f"/wiki/{slug}/"

    def history_url(self, slug):
        return f"/wiki/{slug}/_history/"

    def diff_urls(self, slugs):
        # django-wiki's diff endpoint compares a revision with the one before it.
        from wiki.models import URLPath

        current = dict(
            URLPath.objects.filter(slug__in=slugs).values_list(
                "slug", "article__current_revision_id"
            )
        )
        return [f"/wiki/_revision/diff/{current[s]}/" for s in slugs]

    def edit_url(self, slug):
        return f"/wiki/{slug}/_edit/"

    def revision_counts(self, slugs):
        from django.db.models import Count
        from wiki.models import URLPath

        paths = URLPath.objects.filter(slug__in=slugs).annotate(n=Count("article__articlerevision"))
        return dict(paths.values_list("slug", "n"))


def run_side(args) -> None:
    """One wiki, one phase, in this process; its figures go to <workdir>/<side>-<phase>.json.

    "load": migrate and load the content. "time": time the views, in a fresh process, so that
    its memory is the wiki's and not the bench's content set (and no cache is warm yet).
    """
    workdir = Path(args.workdir)
    side = NexusSide() if args.side == "nexus" else DjangoWikiSide()
    side.setup(workdir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    def say(text):
        print(f"  [{side.name}] {text}", flush=True)

    if args.phase == "load":
        content = json.loads((workdir / f"content-{args.side}.json").read_text())
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        t1 = time.perf_counter()
        say(f"migrated in {t1 - t0:.1f}s; loading {len(content['pages'])} pages...")
        side.load(content)
        t2 = time.perf_counter()
        say(f"loaded in {t2 - t1:.1f}s")
        result = {
            "migrate_s": t1 - t0,
            "load_s": t2 - t1,
            "revisions_loaded": sum(len(p["revisions"]) for p in content["pages"]),
        }
    else:
        plan = json.loads((workdir / "plan.json").read_text())
        slugs = plan["sample"]
        say(f"timing {len(slugs)} pages...")
        anonymous, user = Timer(Client()), Timer(Client())
        user.client.force_login(get_user_model().objects.get(username="editor"))
        rows = {
            "view_anon": time_reads(anonymous, [side.page_url(s) for s in slugs], args.repeat),
            "view_user": time_reads(user, [side.page_url(s) for s in slugs], args.repeat),
            "history": time_reads(anonymous, [side.history_url(s) for s in slugs], args.repeat),
            "diff": time_reads(anonymous, side.diff_urls(slugs), args.repeat),
        }
        say("reads done; editing...")
        rows.update(time_edits(user, side, slugs, plan["edits"], args.edit_repeat))
        # Every POST must have saved a revision, or the edit figures would mean nothing.
        expected = plan["revisions"] + args.edit_repeat + 2
        counts = side.revision_counts(slugs)
        if set(counts.values()) != {expected}:
            raise SystemExit(f"{side.name}: expected {expected} revisions per page, got {counts}")
        result = {
            "name": side.name,
            "versions": {
                "Python": platform.python_version(),
                **side.versions(),
                "SQLite": connection.Database.sqlite_version,
            },
            "rows": rows,
            "memory": memory(),
        }
    (workdir / f"{args.side}-{args.phase}.json").write_text(json.dumps(result))
    connection.close()
