"""{% content_generation as gen %}: the content generation (core/pagecache.py), for keying
template fragments that every viewer sees alike: any database write makes them out of date.

    {% load cache pagecache_tags %}{% content_generation as gen %}
    {% cache 300 "home-lists" gen %}…{% endcache %}
"""

from django import template

from core import pagecache

register = template.Library()


@register.simple_tag
def content_generation() -> str:
    return pagecache.generation()
