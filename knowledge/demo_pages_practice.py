"""Demo wiki pages: best practices and collaboration. Same shape as demo_pages_tech."""

BEST_PRACTICES = [
    {
        "title": "Modular apps and separation of concerns",
        "topics": ["django", "system-design"],
        "author": "backend",
        "body": """\
A project stays easy to change when each part has one job and clear borders. In [[Django]] the
unit is the **app**: `accounts`, `knowledge`, `discussions`, each with its own models, views,
templates and tests.

## Layers inside an app

- **models.py**: data and small methods on it.
- **services.py**: operations that touch several models, inside a transaction.
- **permissions.py**: who may do what, in one place.
- **views.py**: thin: read the request, check permissions, call a service, render.

```python
def page_edit(request, slug):
    page = get_object_or_404(Page, slug=slug)
    ensure_can_edit_page(request.user, page)
    form = PageForm(request.POST or None)
    if form.is_valid():
        services.page_edit(page=page, author=request.user, **form.cleaned_data)
        return redirect(page)
    return render(request, "page_form.html", {"form": form})
```

## Why it pays

Business rules live in one place, so they are tested once and reused by views, APIs, management
commands and tasks. Apps that only talk through a few functions can later become separate
services if they must (see [[System design]]). Related: [[Don't repeat yourself (DRY)]].
""",
    },
    {
        "title": "Don't repeat yourself (DRY)",
        "topics": ["python"],
        "author": "frontend",
        "body": """\
DRY means every piece of knowledge has one authoritative place in the code. When a rule is
written twice, the copies drift, and the bug is in whichever one you did not update.

## What to keep in one place

- Business rules (who may edit a page) → one permission function.
- Configuration (page size, limits) → settings.
- Markup repeated across templates → an include or a template tag.
- Validation → the form or serializer, not each view.

## Don't overdo it

Two pieces of code that *look* alike are not always the same knowledge. Merging them couples
things that will change for different reasons, and the shared function sprouts flags and
special cases. A useful rule of thumb: wait for the third repetition, and extract only when the
pieces change together.

Readable code beats clever abstraction; see [[PEP 8 and self-documenting code]] and
[[Modular apps and separation of concerns]].
""",
    },
    {
        "title": "PEP 8 and self-documenting code",
        "topics": ["python"],
        "author": "backend",
        "body": """\
PEP 8 is [[Python]]'s style guide: four-space indents, `snake_case` functions, `CapWords`
classes, sensible line lengths. Nobody should argue about it by hand: let `ruff format` and
`ruff check` enforce it in the editor and in [[CI/CD]].

## Names that explain

```python
# Hard to read
def calc(d, f):
    return [x for x in d if x[2] > f]

# Self-documenting
def overdue_tasks(tasks, deadline):
    return [task for task in tasks if task.due_at > deadline]
```

Booleans read as questions (`is_protected`, `has_solution`), timestamps end in `_at`, functions
are verbs.

## Comments say why

The code says *what*; a comment should say *why* it is done this way, or why the obvious way is
wrong. Comments that repeat the code go stale. Docstrings belong on anything whose name and
signature are not enough.

Small functions with good names, type hints and tests are the best documentation there is. See
also [[Code review and pair programming]].
""",
    },
    {
        "title": "Settings and secrets from the environment",
        "topics": ["security", "deployment", "django"],
        "author": "backend",
        "body": """\
Code is the same everywhere; configuration is not. Keep the differences in **environment
variables** (the twelve-factor app idea), read them in one `settings.py`, and keep secrets out of
the repository.

```python
import os

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
SECRET_KEY = os.environ["SECRET_KEY"]          # fail fast if missing
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
```

## Local work

A `.env` file (listed in `.gitignore`) holds local values; a committed `.env.example` shows which
variables exist, with harmless placeholders. Tools like `direnv` or docker-compose's `env_file`
load it.

## Production

Set variables in the platform (container orchestrator, CI secrets store). Production should
refuse to start when a required secret is missing instead of running with a default. If a secret
ever lands in git, rotate it: deleting the commit is not enough.

See [[Security]] and [[Deployment]].
""",
    },
    {
        "title": "Automated tests in CI from day one",
        "topics": ["testing", "ci-cd"],
        "author": "moderator",
        "body": """\
Set up continuous integration on the first day, when the suite has one test. It costs ten
minutes then and saves weeks later.

## Why day one

- Every push proves the project still installs and starts from scratch, not only on your laptop.
- Tests written later are tests never written; a pipeline makes the habit stick.
- Reviews get easier: the reviewer sees green checks and can focus on design.

## What the first pipeline runs

1. Install from the lock file or pinned dependencies.
2. `ruff check` and `ruff format --check`.
3. `makemigrations --check` so no model change ships without its migration.
4. `pytest`.

Grow it with the project: browser tests, a [[PostgreSQL]] job, a [[Docker]] build. Keep it fast;
a pipeline that takes forty minutes gets ignored. Details in [[CI/CD]] and [[Testing]].
""",
    },
    {
        "title": "Code review and pair programming",
        "topics": ["collaboration"],
        "author": "frontend",
        "body": """\
Two people looking at code catch what one misses, and spread knowledge so nobody is the only
person who understands a module.

## Reviewing well

- Review small changes; a 1,000-line pull request gets a rubber stamp.
- Look for behaviour, security and naming first; leave formatting to tools.
- Ask questions instead of giving orders: "What happens if the list is empty?"
- Say what is good too.

## Being reviewed well

Write a description: what changed, why, how to test it. Link the issue. Keep commits readable
(see [[Conventional commit messages]]). Do not take comments personally; the code is being
reviewed, not you.

## Pair programming

One person types (the driver), the other thinks ahead (the navigator); swap often. Pairing a
backend and a frontend learner on an endpoint and the screen that uses it is one of the fastest
ways to agree on a contract ([[Backend and frontend collaboration]]).
""",
    },
    {
        "title": "Conventional commit messages",
        "topics": ["collaboration"],
        "author": "backend",
        "body": """\
Conventional Commits is a small convention for commit messages that makes history readable and
lets tools build changelogs:

```
feat: let moderators protect wiki pages
fix: keep the user's text when an edit conflicts
perf: prefetch topics on the challenge list
docs: explain the API versioning policy
refactor: move page permissions into permissions.py
test: cover the diff view with bad revision numbers
```

## The shape

`type(optional scope): summary in the imperative`, a blank line, then a body that explains
**why** the change was needed. Add `BREAKING CHANGE:` in the body when clients must adapt (and
read [[API versioning]] first).

## Why bother

`git log --oneline` becomes a readable story, reviewers know what to expect, and release notes
almost write themselves. Keep one logical change per commit so reverting one does not revert
three. See [[Code review and pair programming]].
""",
    },
    {
        "title": "API documentation for frontend colleagues",
        "topics": ["api-design", "collaboration"],
        "author": "frontend",
        "body": """\
Documentation is part of the API. If the frontend has to read backend code to use an endpoint,
the API is not finished.

## What good API docs contain

- Every endpoint with method, URL, parameters and an example request and response.
- Every error the client can get, with the shape of the error body.
- Authentication: how to get a token or session, and what 401 vs 403 mean here.
- Pagination, rate limits ([[Rate limiting]]) and the versioning policy ([[API versioning]]).

## Generate, don't hand-write

Hand-written docs drift. Generate an OpenAPI schema from the code (drf-spectacular for
[[Django REST Framework]]) and serve Swagger UI or Redoc. Add descriptions and examples in the
serializers so the generated docs are actually useful.

## Keep it honest

Add a test that the schema builds without warnings, and review schema changes in pull
requests: a field rename shows up there before it breaks a screen. See
[[Agreeing on API contracts]].
""",
    },
]

COLLABORATION = [
    {
        "title": "Backend and frontend collaboration",
        "topics": ["collaboration", "api-design"],
        "author": "frontend",
        "body": """\
In the program, backend learners build APIs and frontend learners build the screens that use
them. The work goes best when both sides treat the API as a shared product.

## What the backend side does

- Exposes clear endpoints with consistent naming, errors and pagination ([[API design]]).
- Documents them ([[API documentation for frontend colleagues]]).
- Never changes a contract silently: new fields are fine, breaking changes need a version
  ([[API versioning]]).

## What the frontend side does

- Builds against the agreed contract, mocking endpoints that are not ready yet.
- Reports what is unclear or awkward early, with a concrete example ("I need the author's name
  in the list, or I make 20 extra requests").
- Tells the backend which fields a screen really needs, so responses stay small.

## Together

Agree on contracts and versioning **before** building ([[Agreeing on API contracts]]). Pair on
the first endpoint of a feature. Keep a shared channel for questions, and write the lasting
answers down here in the wiki.
""",
        "edits": [
            (
                "backend",
                "Backend perspective",
                "## Together",
                "## A backend learner's tip\n\nAsk the frontend for the screen mock-up before "
                "designing the endpoint. It answers half of the questions about fields, sorting "
                "and pagination at once.\n\n## Together",
            ),
        ],
    },
    {
        "title": "Agreeing on API contracts",
        "topics": ["collaboration", "api-design"],
        "author": "backend",
        "body": """\
A contract is the written agreement of what an endpoint accepts and returns. Agreeing on it
before coding lets backend and frontend work in parallel.

## A lightweight process

1. The frontend describes the screen and the data it needs.
2. The backend drafts the endpoint in OpenAPI (or a short Markdown table), including errors.
3. Both review it in a pull request; questions are answered in the document.
4. The frontend mocks it; the backend implements it with a test that checks the response shape.
5. Changes after that go through the same review, and breaking ones through [[API versioning]].

## Example

```yaml
GET /api/v1/challenges/?status=open&page=2
200:
  count: 134
  next: /api/v1/challenges/?status=open&page=3
  results:
    - id: 42
      title: Celery workers will not start
      status: open
      solution_count: 2
      author: {username: bea, track: backend}
```

Related: [[Backend and frontend collaboration]], [[API design]].
""",
    },
    {
        "title": "How this hub works",
        "topics": ["collaboration"],
        "author": "moderator",
        "body": """\
The learners of the program met in a community chat channel, where questions got answered
quickly and then scrolled away. This hub is where the **lasting** answers go.

## Three places for three things

- **Challenges**: when you are stuck, post a challenge with what you tried. Others post
  solutions and comments; you accept the solution that worked.
- **The wiki**: what we learned, written to last. Anyone can improve a page; every edit is kept
  in the page's history, and any two versions can be compared.
- **Turning answers into knowledge**: an accepted solution can become a wiki page (or a section
  of one) in one click, with a link back to the challenge.

## Writing pages

Pages are Markdown. Link other pages with `[[Page title]]` or `[[slug|some label]]`; a link to a
page that does not exist yet shows in a different style, and clicking it lets you write that
page. Add an edit summary so others know what you changed.

## Being a good citizen

Be kind, be specific, credit others. Flag what breaks the rules; moderators review flags, and
every moderator action is logged. Start with [[Python]], [[Django]] or
[[Backend and frontend collaboration]].
""",
    },
]
