"""The look: server-drawn avatars, the icon sprite, one stylesheet and one script for every page,
and no editor script for readers who cannot write."""

import re
from http import HTTPStatus

import pytest
from django.template import Context, Template, TemplateSyntaxError

from core.avatars import avatar_svg, colour_for, contrast_with_white, initials
from discussions import services as discussions
from tests.factories import UserFactory

ASSET_RE = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="(/static/[^"]+)"')


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def test_an_avatar_is_the_same_for_the_same_username_and_differs_between_names():
    assert avatar_svg("bea", "bea", 32) == avatar_svg("bea", "bea", 32)
    assert colour_for("bea") == colour_for("BEA")
    assert len({colour_for(name) for name in ("bea", "finn", "mo", "ada", "grace", "lin")}) > 3


@pytest.mark.parametrize("username", [f"learner{n}" for n in range(200)] + ["bea", "finn", "mo"])
def test_white_initials_are_readable_on_every_avatar_colour(username):
    assert contrast_with_white(_rgb(colour_for(username))) >= 4.5


def test_initials_take_the_first_letters_of_two_words():
    assert initials("bea") == "B"
    assert initials("bea_backend") == "BB"
    assert initials("Grace Hopper Jr") == "GH"
    assert initials("") == "?"


def test_an_avatar_is_decorative_inline_svg_and_escapes_its_letters():
    svg = avatar_svg("<x>", "<x>", 24)
    assert svg.startswith('<svg class="avatar"') and 'aria-hidden="true"' in svg
    assert "<x>" not in svg and "&lt;" in svg
    assert 'width="24"' in svg


def test_the_icon_tag_refers_to_the_sprite_and_refuses_unknown_names():
    html = Template('{% load ui %}{% icon "wiki" %}').render(Context())
    assert '<use href="#i-wiki">' in html and 'aria-hidden="true"' in html
    with pytest.raises(TemplateSyntaxError):
        Template('{% load ui %}{% icon "nope" %}').render(Context())


def test_every_icon_the_tag_knows_is_in_the_sprite():
    from django.template.loader import get_template

    from core.templatetags.ui import ICONS

    sprite = get_template("_icons.svg").render()
    for name in ICONS:
        assert f'id="i-{name}"' in sprite, name


@pytest.mark.django_db
def test_every_page_has_the_logo_the_sprite_and_one_stylesheet_and_one_script_of_ours(client):
    html = client.get("/").content.decode()
    assert '<use href="#i-logo">' in html and 'id="i-logo"' in html
    ours = [url for url in ASSET_RE.findall(html) if "django_htmx" not in url]
    assert [url for url in ours if url.endswith(".css")] == ["/static/css/site.css"]
    assert [url for url in ours if url.endswith(".js")] == ["/static/js/site.js"]
    assert "search.css" not in html and "search.js" not in html


@pytest.mark.django_db
def test_the_phone_menu_is_a_details_element_that_works_without_javascript(client):
    html = client.get("/").content.decode()
    menu = html[html.index('<details class="site-menu">') : html.index("</details>")]
    assert "<summary>" in menu and ">Menu<" in menu
    assert 'href="/wiki/"' in menu and 'href="/challenges/"' in menu


@pytest.mark.django_db
def test_authors_of_a_challenge_and_its_solutions_show_their_avatar(client):
    ada, grace = UserFactory(username="ada"), UserFactory(username="grace")
    challenge = discussions.challenge_create(author=ada, title="Cache misses everywhere", body="x")
    discussions.solution_create(challenge=challenge, author=grace, body="Try this.")
    html = client.get(challenge.get_absolute_url(), follow=True).content.decode()
    assert html.count('<svg class="avatar"') >= 2
    assert colour_for("ada") in html and colour_for("grace") in html


@pytest.mark.django_db
def test_a_profile_shows_a_large_avatar(client):
    UserFactory(username="ada")
    html = client.get("/u/ada/").content.decode()
    assert '<svg class="avatar" width="72"' in html


@pytest.mark.django_db
def test_readers_who_cannot_answer_get_no_editor_script(client):
    ada = UserFactory(username="ada")
    challenge = discussions.challenge_create(author=ada, title="Cache misses everywhere", body="x")
    response = client.get(challenge.get_absolute_url(), follow=True)
    assert response.status_code == HTTPStatus.OK
    assert "markdownx" not in "".join(ASSET_RE.findall(response.content.decode()))


@pytest.mark.django_db
def test_a_learner_who_can_answer_gets_the_editor_script(client):
    ada, grace = UserFactory(username="ada"), UserFactory(username="grace")
    challenge = discussions.challenge_create(author=ada, title="Cache misses everywhere", body="x")
    client.force_login(grace)
    html = client.get(challenge.get_absolute_url(), follow=True).content.decode()
    assert any("markdownx" in url for url in ASSET_RE.findall(html))


def test_the_editor_script_asks_for_no_preview_while_the_editor_is_empty():
    """Our copy of markdownx's script (static/markdownx/, found before the app's own) skips the
    preview request on load when there is no text."""
    from django.contrib.staticfiles import finders

    for name in ("markdownx/js/markdownx.js", "markdownx/js/markdownx.min.js"):
        found = finders.find(name)
        assert "/static/markdownx/" in found.replace("\\", "/") and "site-packages" not in found
        with open(found) as handle:
            text = handle.read()
        assert "value.trim())" in text, name
