"""The wiki bench's parts (bench/wiki_bench.py runs them). Each side's process imports these
too, so at module level they use only the standard library."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
