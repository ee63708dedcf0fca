"""The hub bench's parts (bench/hub_bench.py runs them): servers.py (gunicorn for the site,
the ceiling and django-wiki), load.py (wrk and its figures), targets.py (the URLs and a
logged-in session, asked of the site's own database), ceiling.py (the ceiling's views),
report.py (bench/RESULTS.md)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
