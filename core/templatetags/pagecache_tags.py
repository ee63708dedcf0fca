"""{% content_generation as gen %}: the content generation (core/pagecache.py), for keying
template fragments that every viewer sees alike: any database write makes them out of date.

    {% load cache pagecache_tags %}{% content_generation as gen %}
    {% cache 300 "home-lists" gen %}…{% endcache %}

{% fragment "name" part… %}…{% endfragment %}: a block that differs by viewer, cached per the
viewer's own bits for it (see below).
"""

from django import template
from django.utils.safestring import mark_safe

from core import pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def content_generation(context) -> str:
    request = context.get("request")
    return pagecache.request_generation(request) if request is not None else pagecache.generation()


class FragmentNode(template.Node):
    def __init__(self, name, signature, nodelist):
        self.name, self.signature, self.nodelist = name, signature, nodelist

    def render(self, context):
        request = context.get("request")
        signature = [part.resolve(context) for part in self.signature]
        if not pagecache.fragments_enabled(request) or any(p is None for p in signature):
            return self._render(context)
        html = pagecache.fragment_get(request, self.name, signature)
        if html is not None:
            return mark_safe(html)  # noqa: S308 (our own rendered template, stored as it was)
        html = self._render(context)
        pagecache.fragment_set(request, self.name, signature, str(html))
        return html

    def _render(self, context):
        # The view's lazily loaded rows, all at once (see the tag's docstring): a prepare
        # function that returns a dict gives the block those names.
        prepare = context.get("fragment_prepare")
        loaded = prepare() if callable(prepare) else None
        if isinstance(loaded, dict):
            with context.push(loaded):
                return self.nodelist.render(context)
        return self.nodelist.render(context)


@register.tag("fragment")
def fragment(parser, token):
    """{% fragment "name" part part… %}…{% endfragment %}: the block from the cache while the
    content generation holds, for this path and these parts (the viewer's own bits that the
    block shows: whether they wrote it, may edit it, voted on it…). A part that is None means
    "do not cache this one" (a form holding the reader's text, say). CSRF tokens are punched
    out and put back for each reader (core/pagecache.py). Only GET requests use the cache.
    Before a block is rendered (a miss, or no cache), the context's `fragment_prepare`, when
    there is one, is called: a view can load what only rendering needs once, for every block,
    instead of on every request. When it returns a dict, the block sees those names."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    signature = [parser.compile_filter(b) for b in bits[2:]]
    return FragmentNode(bits[1].strip("\"'"), signature, nodelist)
