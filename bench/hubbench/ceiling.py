"""The ceiling: what bare Django serves through the site's own middleware and whitenoise.

/hello/: 13 bytes, no template, no query. /template/: a small template and one query.
Run with DJANGO_SETTINGS_MODULE=hubbench.ceiling (this module: the site's settings with
these URLs).
"""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from project.settings import *  # noqa: F403

ROOT_URLCONF = "hubbench.ceiling"
WSGI_APPLICATION = None
# The ceiling serves every request itself: the page cache is in the chain, switched off.
NEXUS_PAGE_CACHE = False

_TEMPLATE = """<!doctype html><html lang="en"><head><title>{{ title }}</title></head>
<body><h1>{{ title }}</h1><ul>{% for topic in topics %}<li>{{ topic.name }}</li>{% endfor %}</ul>
</body></html>"""


def hello(request):
    return HttpResponse("Hello, world!")


def template_and_query(request):
    from knowledge.models import Topic

    template = engines["django"].from_string(_TEMPLATE)
    topics = list(Topic.objects.order_by("name")[:10])
    return HttpResponse(template.render({"title": "Topics", "topics": topics}, request))


urlpatterns = [path("hello/", hello), path("template/", template_and_query)]
