"""The search bench's generated hub: words drawn as real writing draws them, bulk-created."""

import random

TOPICS = ["Python", "Django", "Django REST Framework", "GraphQL", "Docker", "CI/CD", "Celery",
          "RabbitMQ", "Redis", "PostgreSQL", "Caching", "Authentication", "Testing", "Security",
          "Observability", "Deployment", "Migrations", "Rate limiting", "API versioning",
          "System design"]  # fmt: skip
TECH = [
    "celery", "retry", "retries", "worker", "broker", "rabbitmq", "redis", "cache", "caching",
    "invalidation", "ttl", "django", "orm", "queryset", "select_related", "prefetch_related",
    "index", "indexes", "postgresql", "query", "slow", "pagination", "cursor", "offset", "api",
    "rest", "graphql", "schema", "resolver", "mutation", "docker", "container", "image",
    "compose", "dockerfile", "kubernetes", "deploy", "deployment", "gunicorn", "nginx",
    "migration", "migrations", "schema", "rollback", "jwt", "oauth2", "session", "token",
    "refresh", "authentication", "authorization", "permission", "rate", "limit", "throttle",
    "429", "upload", "memory", "stream", "chunk", "s3", "storage", "test", "pytest", "fixture",
    "mock", "coverage", "ci", "pipeline", "github", "actions", "lint", "logging", "metrics",
    "tracing", "prometheus", "grafana", "latency", "timeout", "deadlock", "transaction",
    "isolation", "serializer", "viewset", "router", "middleware", "signal", "task", "queue",
    "async", "await", "asyncio", "event", "loop", "websocket", "versioning", "header",
    "backwards", "compatibility", "deprecation", "email", "smtp", "notification", "webhook",
    "json", "payload", "validation", "error", "exception", "traceback", "debug", "profile",
    "n+1", "join", "foreign", "key", "constraint", "unique", "normalization", "denormalization",
    "replica", "sharding", "partition", "backup", "restore", "secret", "env", "configuration",
    "settings", "production", "staging", "environment", "container", "orchestration",
    "healthcheck",
]  # fmt: skip
# What documents are about: a document draws some of its words from one or two of these, so
# words that belong together (celery, retry, broker) co-occur as they do in real writing.
CLUSTER_LINES = """
celery retry retries worker broker rabbitmq task queue timeout backoff
redis cache caching invalidation ttl key eviction session
django orm queryset select_related prefetch_related n+1 join query slow index
postgresql index query slow deadlock transaction isolation replica partition
api rest pagination cursor offset slow latency versioning header deprecation
docker container image compose dockerfile deploy deployment environment production
jwt oauth2 session token refresh authentication authorization permission
rate limit 429 throttle abuse middleware header
upload memory stream chunk s3 storage file large
graphql schema resolver mutation n+1 query
migration migrations schema rollback constraint unique foreign key
test pytest fixture mock coverage ci pipeline github actions lint
logging metrics tracing prometheus grafana latency observability healthcheck
email smtp notification webhook task queue worker async
"""
CLUSTERS = [line.split() for line in CLUSTER_LINES.strip().splitlines()]


class Words:
    """Technical words and a long tail of filler words, drawn with a Zipf-like skew."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de", "pa", "qu", "zo"]
        filler = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(9000)})
        everyday = [
            "the",
            "a",
            "to",
            "of",
            "and",
            "in",
            "is",
            "it",
            "that",
            "for",
            "on",
            "with",
            "this",
            "we",
            "when",
            "my",
            "after",
            "our",
            "but",
            "not",
            "how",
            "why",
            "use",
            "using",
            "used",
            "runs",
            "run",
            "each",
            "every",
            "then",
            "still",
            "again",
            "before",
            "fails",
            "works",
            "request",
            "response",
            "server",
            "client",
            "user",
            "data",
            "time",
            "first",
            "new",
            "change",
            "page",
        ]
        # Technical words spread over ranks 60..3000 of a Zipf (s=1) vocabulary: the most
        # common appear in roughly a tenth of all documents, the rarest in well under 1%.
        rng.shuffle(filler)
        ranks = sorted(rng.sample(range(60, 3000), len(TECH)))
        words = everyday + filler
        for rank, word in zip(ranks, rng.sample(TECH, len(TECH)), strict=True):
            words.insert(rank, word)
        self.words = words
        self.cum = []
        total = 0.0
        for rank in range(len(self.words)):
            total += 1.0 / (rank + 3)
            self.cum.append(total)

    def sentence(self, n: int, cluster: list[str]) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        for i in self.rng.sample(range(n), n // 8):
            words[i] = self.rng.choice(cluster)
        return " ".join(words)

    def about(self) -> list[str]:
        return [w for c in self.rng.sample(CLUSTERS, self.rng.randint(1, 2)) for w in c]

    def title(self, cluster: list[str]) -> str:
        tech = self.rng.sample(cluster, self.rng.randint(1, 3))
        rest = self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(2, 5))
        words = tech + rest
        self.rng.shuffle(words)
        return " ".join(words).capitalize()

    def body(self, cluster: list[str]) -> tuple[str, str]:
        paragraphs = [
            self.sentence(self.rng.randint(20, 45), cluster) for _ in range(self.rng.randint(2, 4))
        ]
        markdown = "\n\n".join(paragraphs)
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        return markdown, html


def generate(args) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.models import User
    from discussions.models import Challenge, Solution
    from knowledge.models import Category, Page, PageRevision, Topic

    rng = random.Random(args.seed)
    words = Words(rng)
    now = timezone.now()
    batch = 5000
    users = User.objects.bulk_create(
        [User(username=f"bench{n}", email=f"bench{n}@example.org") for n in range(50)]
    )
    category = Category.objects.create(name="Bench", slug="bench")
    topics = Topic.objects.bulk_create([Topic(name=t, slug=slugify(t)) for t in TOPICS])

    with transaction.atomic():
        for start in range(0, args.pages, batch):
            n_items = min(batch, args.pages - start)
            pages, abouts = [], []
            for n in range(start, start + n_items):
                abouts.append(words.about())
                title = f"{words.title(abouts[-1])} {n}"
                pages.append(
                    Page(
                        title=title,
                        slug=slugify(title)[:190] or f"p{n}",
                        category=category,
                        created_by=rng.choice(users),
                    )
                )
            pages = Page.objects.bulk_create(pages)
            revisions = []
            for page, about in zip(pages, abouts, strict=True):
                body, body_html = words.body(about)
                revisions.append(
                    PageRevision(
                        page=page,
                        number=1,
                        author=page.created_by,
                        title=page.title,
                        body=body,
                        body_html=body_html,
                        size=len(body),
                    )
                )
            PageRevision.objects.bulk_create(revisions)
            Page.topics.through.objects.bulk_create(
                [
                    Page.topics.through(page_id=p.pk, topic_id=t.pk)
                    for p in pages
                    for t in rng.sample(topics, rng.randint(1, 3))
                ]
            )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE knowledge_page SET current_revision_id = (SELECT r.id FROM "
                "knowledge_pagerevision r WHERE r.page_id = knowledge_page.id AND r.number = 1)"
            )
        for start in range(0, args.challenges, batch):
            challenges = []
            for _ in range(min(batch, args.challenges - start)):
                about = words.about()
                body, body_html = words.body(about)
                challenges.append(
                    Challenge(
                        author=rng.choice(users),
                        title=words.title(about),
                        body=body,
                        body_html=body_html,
                        status=rng.choice(["open", "open", "solved"]),
                        is_held=rng.random() < 0.01,
                        hidden_at=now if rng.random() < 0.01 else None,
                    )
                )
            challenges = Challenge.objects.bulk_create(challenges)
            Challenge.topics.through.objects.bulk_create(
                [
                    Challenge.topics.through(challenge_id=c.pk, topic_id=t.pk)
                    for c in challenges
                    for t in rng.sample(topics, rng.randint(1, 3))
                ]
            )
        challenge_ids = list(Challenge.objects.values_list("pk", flat=True))
        for start in range(0, args.solutions, batch):
            solutions = []
            for _ in range(min(batch, args.solutions - start)):
                body, body_html = words.body(words.about())
                solutions.append(
                    Solution(
                        challenge_id=rng.choice(challenge_ids),
                        author=rng.choice(users),
                        body=body,
                        body_html=body_html,
                    )
                )
            Solution.objects.bulk_create(solutions)
