"""Wiki benchmark: Project Nexus's wiki against django-wiki, on the same content, in one run.

    python bench/wiki_bench.py                       # 200 pages x 5 revisions
    python bench/wiki_bench.py --pages 1000          # a larger wiki

Run with the project's venv (`make bench-wiki`). The first run makes a second, throwaway venv
for django-wiki in bench/.venvs/django-wiki (gitignored; pinned versions below, from PyPI),
since django-wiki 0.13 cannot run on Django 6.1; later runs reuse it.

One content set (seeded) is generated: markdown pages of a few KB with headings, paragraphs,
a fenced code block, a table, a list and links to other pages, each with several revisions.
Each wiki then runs in its own processes, with its own Django, a temporary SQLite file, the
local-memory cache and DEBUG off: one process loads the content through the wiki's own
model/service API; a fresh one times its real views with the Django test client (warm-up
first): a page, its history, a diff, the edit form and saving it, and reports its peak memory.
The figures of both are printed side by side, with SQL query counts. Not a test: nothing here
asserts a time.

This file is also what each side runs (`--side nexus|djangowiki`): the side code imports only
the standard library and that side's Django, so it runs in either venv.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".venvs" / "django-wiki"
# django-wiki 0.13.0 and everything it installs, pinned (Django: the newest 6.0 it allows);
# Pygments so that its code blocks are highlighted as Nexus's are.
DJANGO_WIKI_PINS = [
    "wiki==0.13.0",
    "Django==6.0.10",
    "asgiref==3.13.0",
    "bleach==6.4.0",
    "django-classy-tags==4.1.0",
    "django-js-asset==5.0.0",
    "django-mptt==0.16.0",
    "django-nyt==1.6.0",
    "django-sekizai==4.1.0",
    "Markdown==3.9",
    "pillow==13.0.0",
    "pymdown-extensions==10.21.3",
    "PyYAML==6.0.4",
    "sorl-thumbnail==12.11.0",
    "sqlparse==0.6.1",
    "tinycss2==1.5.1",
    "webencodings==0.6.1",
    "Pygments==2.21.0",
]

# What is timed, in the order printed.
OPERATIONS = [
    ("view_anon", "view a page, anonymous"),
    ("view_user", "view a page, logged in"),
    ("history", "page history"),
    ("diff", "diff of the last two revisions"),
    ("edit_form", "open the edit form (GET)"),
    ("edit_save", "save an edit (POST)"),
    ("view_after_edit", "first view after an edit"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--revisions", type=int, default=5, help="revisions per page")
    parser.add_argument("--sample", type=int, default=20, help="pages timed (random sample)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page (reads)")
    parser.add_argument(
        "--edit-repeat", type=int, default=5, help="timed edits per page (each saves a revision)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    # Internal: what the driver runs in each side's process.
    parser.add_argument("--side", choices=["nexus", "djangowiki"], help=argparse.SUPPRESS)
    parser.add_argument("--phase", choices=["load", "time"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.pages < 2 or args.revisions < 2 or args.sample < 1:
        parser.error("--pages and --revisions need at least 2, --sample at least 1.")
    args.sample = min(args.sample, args.pages)
    return args


# --- Content (driver) -------------------------------------------------------------------------

TECH_WORDS = """
celery retry worker broker queue task timeout backoff redis cache invalidation ttl key
eviction session django orm queryset select_related prefetch_related join query index slow
postgresql deadlock transaction isolation replica partition api rest pagination cursor offset
latency versioning header deprecation docker container image compose deploy environment
production jwt oauth2 token refresh authentication permission rate limit throttle middleware
upload stream chunk storage graphql schema resolver mutation migration rollback constraint
foreign unique test pytest fixture mock coverage pipeline lint logging metrics tracing
prometheus grafana healthcheck email webhook async signal serializer viewset router"""
COMMON_WORDS = """
the a to of and in is it that for on with this we when after our but not how why use
each every then still again before runs returns keeps sends reads writes checks stores
request response server client user data time first new change page value list error
setting default one two few many more less only also usually always never"""
TECH, COMMON = TECH_WORDS.split(), COMMON_WORDS.split()
IDENTIFIERS = ["task", "user", "cache", "order", "queue", "token", "page", "item", "retry", "batch"]


class Content:
    """Deterministic pages: markdown bodies of a few KB and their revisions."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, n: int) -> str:
        pool = self.rng.choices(COMMON, k=n)
        for i in self.rng.sample(range(n), n // 3):
            pool[i] = self.rng.choice(TECH)
        return " ".join(pool)

    def sentence(self) -> str:
        text = self.words(self.rng.randint(8, 20))
        return text[0].upper() + text[1:] + "."

    def paragraph(self, links: list[str] = ()) -> str:
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        for title in links:
            i = self.rng.randrange(len(sentences))
            sentences[i] = sentences[i][:-1] + f", see [[{title}]]."
        return " ".join(sentences)

    def code(self) -> str:
        name = self.rng.choice(IDENTIFIERS)
        other = self.rng.choice(IDENTIFIERS)
        n = self.rng.randint(2, 9)
        return (
            "```python\n"
            f"def handle_{name}({name}, attempts={n}):\n"
            f'    """{self.sentence()}"""\n'
            f"    for n in range(attempts):\n"
            f"        try:\n"
            f"            return {name}.run(timeout={n * 5})\n"
            f"        except {other.capitalize()}Error as exc:\n"
            f"            log.warning('{name} failed: %s', exc)\n"
            f"            time.sleep(2 ** n)\n"
            f"    raise {name.capitalize()}Failed({name}.id)\n"
            "```"
        )

    def table(self) -> str:
        rows = ["| Setting | Default | What it does |", "|---|---|---|"]
        for _ in range(self.rng.randint(4, 7)):
            setting = "_".join(self.rng.sample(TECH, 2)).upper()
            rows.append(f"| `{setting}` | {self.rng.randint(1, 600)} | {self.words(8)} |")
        return "\n".join(rows)

    def bullets(self, links: list[str] = ()) -> str:
        items = [self.words(self.rng.randint(6, 14)) for _ in range(self.rng.randint(4, 7))]
        for i, title in enumerate(links):
            items[i] += f" ([[{title}]])"
        return "\n".join(f"- {item}" for item in items)

    def heading(self, level: int) -> str:
        return "#" * level + " " + self.words(self.rng.randint(2, 4)).capitalize()

    def blocks(self, links: list[str]) -> list[str]:
        """The first revision, as a list of blocks (headings, paragraphs, code, table, list)."""
        links = list(links)
        return [
            self.paragraph(links[:1]),
            self.heading(2),
            self.paragraph(),
            self.paragraph(links[1:2]),
            self.heading(2),
            self.bullets(links[2:3]),
            self.code(),
            self.heading(3),
            self.paragraph(),
            self.heading(2),
            self.table(),
            self.paragraph(links[3:]),
            self.heading(3),
            self.paragraph(),
        ]

    def revise(self, blocks: list[str], number: int) -> list[str]:
        """The next revision: one paragraph rewritten, one grown, sometimes a new section."""
        blocks = list(blocks)
        paragraphs = [i for i, b in enumerate(blocks) if b[:1].isupper() and "[[" not in b]
        blocks[self.rng.choice(paragraphs)] = self.paragraph()
        grown = self.rng.choice(paragraphs)
        blocks[grown] += " " + self.sentence()
        if number % 2:
            blocks += [self.heading(3), self.paragraph()]
        return blocks


def slug_of(title: str) -> str:
    from django.utils.text import slugify  # no settings needed

    return slugify(title)


def generate(args) -> dict:
    """Titles, slugs and revision bodies (Nexus link syntax); the sample to time; edit texts."""
    rng = random.Random(args.seed)
    content = Content(rng)
    titles, seen = [], set()
    while len(titles) < args.pages:
        # django-wiki's slugs are 50 characters at most: keep titles short.
        title = f"{content.words(rng.randint(2, 4)).capitalize()} {len(titles) + 1}"
        if len(slug_of(title)) <= 50 and title.lower() not in seen:
            seen.add(title.lower())
            titles.append(title)
    pages = []
    for title in titles:
        others = rng.sample(
            [t for t in titles if t != title], min(rng.randint(3, 5), len(titles) - 1)
        )
        blocks = content.blocks(others)
        revisions = ["\n\n".join(blocks)]
        for number in range(2, args.revisions + 1):
            blocks = content.revise(blocks, number)
            revisions.append("\n\n".join(blocks))
        pages.append({"title": title, "slug": slug_of(title), "revisions": revisions})
    sample = [p["slug"] for p in rng.sample(pages, args.sample)]
    edits = [content.paragraph() for _ in range(args.edit_repeat + 2)]
    return {"pages": pages, "sample": sample, "edits": edits}


def for_djangowiki(content: dict) -> dict:
    """The same content with django-wiki's link syntax: [Title](wiki:/slug/)."""
    slugs = {p["title"]: p["slug"] for p in content["pages"]}

    def relink(body: str) -> str:
        return re.sub(r"\[\[([^\[\]|]+)\]\]", lambda m: f"[{m[1]}](wiki:/{slugs[m[1]]}/)", body)

    pages = [{**p, "revisions": [relink(b) for b in p["revisions"]]} for p in content["pages"]]
    return {**content, "pages": pages}


# --- The django-wiki venv (driver) ------------------------------------------------------------


def djangowiki_python() -> Path:
    """The throwaway venv's python: made on first run, remade when the pins change."""
    python = VENV / "bin" / "python"
    marker = VENV / "bench-pins.txt"
    wanted = "\n".join(DJANGO_WIKI_PINS) + "\n"
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    print(f"Making the django-wiki venv in {VENV.relative_to(ROOT)} (once)...", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    import venv

    venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *DJANGO_WIKI_PINS],
        check=True,
    )  # fmt: skip
    marker.write_text(wanted)
    return python


# --- Timing and forms (each side) -------------------------------------------------------------


class FormReader(HTMLParser):
    """The forms of a page and the values a browser would send (without the submit button)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": []})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                fields.append([self._select["name"], value])
                self._select["chosen"] = True

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea> (Django writes it).
            if self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select["chosen"] and self._select["first"] is not None:
                self.forms[-1]["fields"].append([self._select["name"], self._select["first"]])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_with(html: str, field: str) -> tuple[str, dict[str, list[str]]]:
    """The action and the data of the page's form that has `field`."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if any(name == field for name, _ in form["fields"]):
            data: dict[str, list[str]] = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return form["action"], data
    raise SystemExit(f"No form with a {field!r} field on the edit page.")


class Timer:
    """Requests through the Django test client, timed and checked (HTTPS, as in production)."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, expect: int = 200) -> tuple[float, object]:
        start = time.perf_counter()
        response = self.client.get(url, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != expect:
            raise SystemExit(f"GET {url}: {response.status_code}, expected {expect}.")
        return elapsed, response

    def post(self, url: str, data, expect: int = 302) -> tuple[float, object]:
        start = time.perf_counter()
        response = self.client.post(url, data, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != expect:
            raise SystemExit(f"POST {url}: {response.status_code}, expected {expect}.")
        return elapsed, response


def counted(call):
    """Call it, counting its SQL queries (CaptureQueriesContext; never inside a timed run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return result, len(ctx)


def time_reads(timer: Timer, urls: list[str], repeat: int) -> dict:
    for url in urls:  # warm-up, untimed
        timer.get(url)
    samples = [timer.get(url)[0] for _ in range(repeat) for url in urls]
    queries = [counted(lambda url=url: timer.get(url))[1] for url in urls]
    return {"samples": samples, "queries": queries}


def time_edits(timer: Timer, side, slugs: list[str], edits: list[str], repeat: int) -> dict:
    """GET the edit form, POST it back with a paragraph added (not followed), view the page.

    One untimed round first (warm-up), then `repeat` timed rounds, then one untimed round
    whose queries are counted.
    """
    rows = {key: {"samples": [], "queries": []} for key in ("edit_form", "edit_save",
                                                             "view_after_edit")}  # fmt: skip

    def edit(slug: str, text: str, *, timed=False, count=False) -> None:
        def step(key, call):
            if count:
                (elapsed, response), queries = counted(call)
                rows[key]["queries"].append(queries)
            else:
                elapsed, response = call()
            if timed:
                rows[key]["samples"].append(elapsed)
            return response

        url = side.edit_url(slug)
        form_page = step("edit_form", lambda: timer.get(url))
        action, data = form_with(form_page.content.decode(), side.body_field)
        data[side.body_field] = [data[side.body_field][0].rstrip() + "\n\n" + text]
        data.update(side.save_button)
        step("edit_save", lambda: timer.post(action or url, data))
        step("view_after_edit", lambda: timer.get(side.page_url(slug)))

    for slug in slugs:
        edit(slug, edits[0])
    for n in range(repeat):
        for slug in slugs:
            edit(slug, edits[1 + n], timed=True)
    for slug in slugs:
        edit(slug, edits[-1], count=True)
    return rows


def memory() -> dict:
    """Peak RSS of this process and its RSS now, in MB (Linux).

    The peak is VmHWM, the high-water mark of this process image. getrusage's ru_maxrss would
    be wrong here: a child started by fork + exec inherits its parent's peak, so it would
    report the driver's (which holds the content set) whenever that is higher.
    """
    status = {}
    with open("/proc/self/status") as lines:
        for line in lines:
            name, _, value = line.partition(":")
            status[name] = value.split()
    return {"peak_mb": int(status["VmHWM"][0]) / 1024, "end_mb": int(status["VmRSS"][0]) / 1024}


# --- The two sides ----------------------------------------------------------------------------


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
                title=page["title"], category=category, body=page["revisions"][0],
                author=author, summary="Created the page",
            )  # fmt: skip
            assert created.slug == page["slug"], (created.slug, page["slug"])
        pages = {p.slug: p for p in Page.objects.all()}
        for index in range(1, len(content["pages"][0]["revisions"])):
            for page in content["pages"]:
                outcome = services.page_edit(
                    page=pages[page["slug"]], author=author, body=page["revisions"][index],
                    base_revision=index, summary=f"Revision {index + 1}",
                )  # fmt: skip
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

        return {"Django": django.get_version(), "wiki": version("wiki"),
                "Markdown": version("Markdown")}  # fmt: skip

    def load(self, content: dict) -> None:
        from django.contrib.auth.models import User
        from wiki.models import Article, ArticleRevision, URLPath

        author = User.objects.create_user("loader", "loader@example.org", "pw")
        User.objects.create_user("editor", "editor@example.org", "pw")  # who edits when timed
        root = URLPath.create_root(title="Wiki", content="The bench's root article.")
        for page in content["pages"]:
            URLPath.create_urlpath(
                root, page["slug"], title=page["title"], content=page["revisions"][0],
                user=author, user_message="Created the page",
            )  # fmt: skip
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


# --- Report (driver) --------------------------------------------------------------------------


def summary(samples: list[float]) -> str:
    if not samples:
        return "-"
    q = (
        statistics.quantiles(samples, n=100, method="inclusive")
        if len(samples) > 1
        else samples * 99
    )
    return f"{q[94]:7.1f} ({q[49]:6.1f}) {max(samples):7.1f}"


def span(values: list[int]) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def report(args, results: dict, load_before, load_after, seconds) -> None:
    nexus, wiki = results["nexus"], results["djangowiki"]
    width = 30
    print()
    print(f"Wiki bench: {args.pages} pages x {args.revisions} revisions (seed {args.seed}); "
          f"{args.sample} sampled pages, {args.repeat} timed requests each (edits: "
          f"{args.edit_repeat}); {seconds:.0f}s in all")  # fmt: skip
    print(f"Machine: {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in load_before)} before, "
          f"{' '.join(f'{x:.2f}' for x in load_after)} after")  # fmt: skip
    for r in (nexus, wiki):
        versions = ", ".join(f"{k} {v}" for k, v in r["versions"].items())
        print(f"{r['name']:<12} {versions}; migrate {r['migrate_s']:.1f}s, "
              f"load {r['revisions_loaded']} revisions {r['load_s']:.1f}s")  # fmt: skip
    print()
    head = f"{'p95':>7} {'(p50)':>8} {'max':>7} {'q':>5}"
    print(f"{'ms per request':<34} | {'Nexus':<{width}} | django-wiki")
    print(f"{'':<34} | {head} | {head}")
    print("-" * 34 + "-+-" + "-" * width + "-+-" + "-" * width)
    for key, label in OPERATIONS:
        cells = []
        for r in (nexus, wiki):
            row = r["rows"][key]
            cells.append(f"{summary(row['samples'])} {span(row['queries']):>5}")
        print(f"{label:<34} | {cells[0]:<{width}} | {cells[1]}")
    extra = [
        ("load via the API, ms/revision", lambda r: r["load_s"] * 1000 / r["revisions_loaded"]),
        ("peak RSS of the timing process, MB", lambda r: r["memory"]["peak_mb"]),
        ("its RSS at the end, MB", lambda r: r["memory"]["end_mb"]),
    ]
    for label, value in extra:
        print(f"{label:<34} | {value(nexus):7.1f}{'':<{width - 7}} | {value(wiki):7.1f}")
    print()
    print("q: SQL queries per request (min-max over the sampled pages). Load: each side's own")
    print("model/service API, no HTTP. django-wiki's diff is a JSON endpoint for its history")
    print("page's script; Nexus's is a full HTML page. Nexus renders markdown when a revision")
    print("is saved; django-wiki when the page is first viewed after it (then from its cache).")


def main():
    args = parse_args()
    if args.side:
        run_side(args)
        return
    started = time.perf_counter()
    load_before = os.getloadavg()
    wiki_python = djangowiki_python()
    workdir = Path(tempfile.mkdtemp(prefix="wiki-bench-"))
    try:
        content = generate(args)
        size = statistics.mean(len(p["revisions"][-1]) for p in content["pages"])
        print(f"Content: {args.pages} pages x {args.revisions} revisions, "
              f"{size / 1024:.1f} KB per page on average (last revision)")  # fmt: skip
        (workdir / "content-nexus.json").write_text(json.dumps(content))
        (workdir / "content-djangowiki.json").write_text(json.dumps(for_djangowiki(content)))
        plan = {"sample": content["sample"], "edits": content["edits"], "revisions": args.revisions}
        (workdir / "plan.json").write_text(json.dumps(plan))
        del content
        # One side after the other: on a 2-core machine they would only slow each other down.
        results = {}
        for side, python in (("nexus", sys.executable), ("djangowiki", wiki_python)):
            for phase in ("load", "time"):
                command = [str(python), __file__, "--side", side, "--phase", phase,
                           "--workdir", str(workdir), "--repeat", str(args.repeat),
                           "--edit-repeat", str(args.edit_repeat)]  # fmt: skip
                subprocess.run(command, check=True, cwd=ROOT)
                results.setdefault(side, {}).update(
                    json.loads((workdir / f"{side}-{phase}.json").read_text())
                )
        report(args, results, load_before, os.getloadavg(), time.perf_counter() - started)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
