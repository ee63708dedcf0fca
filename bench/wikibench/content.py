"""The bench's content set (driver): deterministic pages of a few KB and their revisions."""

from __future__ import annotations

import random
import re

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
