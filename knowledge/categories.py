"""The wiki's categories: the one list. Migration 0002 creates them on a fresh install, the demo
makes sure they exist, and a page that names no category goes to Guides."""

from typing import NamedTuple


class DefaultCategory(NamedTuple):
    name: str
    slug: str
    description: str


# (name, slug, description), in the order the wiki lists them.
CATEGORIES = [
    DefaultCategory(*row)
    for row in [
        (
            "Technologies",
            "technologies",
            "The tools of the program: languages, frameworks, services.",
        ),
        ("Concepts", "concepts", "Ideas that outlive any one tool."),
        ("Best practices", "best-practices", "How we like to work."),
        ("Collaboration", "collaboration", "Backend and frontend learners building together."),
        ("Guides", "guides", "Step-by-step write-ups and everything else."),
    ]
]

GUIDES = CATEGORIES[-1]


def ensure_categories(category_model) -> dict:
    """Create whichever categories are missing (by slug), leaving existing ones as they are;
    returns them all by slug. Takes the model so migrations can pass their historical one."""
    found = {}
    for position, (name, slug, description) in enumerate(CATEGORIES):
        found[slug], _ = category_model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
    return found
