"""A minimal django-wiki project, used only by bench/wiki_bench.py (in its own venv)."""
