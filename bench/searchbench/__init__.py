"""The search bench's parts (bench/search_bench.py runs them)."""
