"""A generated hub for benchmarks and scale tests (`manage.py generate_hub`).

scales.py says how much of everything; text.py makes markdown bodies and renders each
distinct template once through the site's own renderers; build.py bulk-inserts it all.
"""
