"""Where the demo's data files are, and how a TOML one is read."""

import tomllib
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
WIKI = FOLDER / "wiki"


def read_toml(name: str) -> dict:
    with (FOLDER / name).open("rb") as file:
        return tomllib.load(file)


def topic_names() -> dict[str, str]:
    """The demo's topics, slug to name (topics.toml)."""
    return read_toml("topics.toml")
