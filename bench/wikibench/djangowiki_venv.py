"""The throwaway venv django-wiki runs in (driver): django-wiki 0.13 cannot run on Django 6.1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from wikibench import ROOT

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
