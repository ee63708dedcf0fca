"""The body each format sends: Nexus's own signed JSON event, or what Slack's and Discord's
incoming webhooks accept, so a chat channel reads "New challenge in #celery: <title> <url>"."""

from __future__ import annotations

import re
from datetime import datetime

from core import events
from webhooks.announcements import Announcement
from webhooks.models import PING, Hook

TEST_LINE = "A test from Project Nexus: this webhook works."


def line(announcement: Announcement, *, link) -> str:
    """One line of chat; `link(title, url)` writes a link the way the chat wants it."""
    a = announcement
    where = f" in {a.topic_tags}" if a.topics else ""
    if a.event == events.CHALLENGE_CREATED:
        return f"New challenge{where}: {link(a.title, a.url)}"
    if a.event == events.SOLUTION_ACCEPTED:
        return f"Solution by {a.author} accepted{where}: {link(a.title, a.url)}"
    if a.event == events.COMMENT_CREATED:
        return f"New comment by {a.author}{where} on {link(a.title, a.url)}"
    revision = a.data["revision"]
    verb = "New wiki page" if revision["is_new_page"] else "Wiki page changed"
    summary = f": {revision['summary']}" if revision["summary"] else ""
    return (
        f"{verb}{where}: {link(a.title, a.url)} "
        f"(revision {revision['number']} by {a.author}{summary})"
    )


# --- Slack: {"text": ...} in mrkdwn; <url|text> is a link, &, < and > must be escaped ---------


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack_link(title: str, url: str) -> str:
    return f"<{slack_escape(url)}|{slack_escape(title).replace('|', '¦')}>"


def _escaped_line(announcement: Announcement, *, escape, link) -> str:
    """The line with every piece of user text escaped for the chat, links written by `link`."""
    links = []

    def placeholder(title, url):
        links.append(link(title, url))
        return f"\x00{len(links) - 1}\x00"

    text = escape(line(announcement, link=placeholder))
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], text)


# --- Discord: {"content": ...} in Discord's markdown; mentions never ping ---------------------

_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>\[\]()<@])")


def discord_escape(text: str) -> str:
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def _discord_link(title: str, url: str) -> str:
    return f"**{discord_escape(title)}** {url}"


def _discord(content: str) -> dict:
    # allowed_mentions: a title saying "@everyone" must not ping the whole server.
    return {"content": content[:2000], "allowed_mentions": {"parse": []}}


# --- the payloads ----------------------------------------------------------------------------


def payload(
    hook_format: str, announcement: Announcement, *, delivery_id: str, created_at: datetime
) -> dict:
    if hook_format == Hook.Format.SLACK:
        return {"text": _escaped_line(announcement, escape=slack_escape, link=_slack_link)}
    if hook_format == Hook.Format.DISCORD:
        return _discord(_escaped_line(announcement, escape=discord_escape, link=_discord_link))
    return {
        "id": delivery_id,
        "event": announcement.event,
        "created_at": created_at.isoformat(),
        "data": announcement.data,
    }


def ping_payload(hook: Hook, *, delivery_id: str, created_at: datetime) -> dict:
    if hook.format == Hook.Format.SLACK:
        return {"text": TEST_LINE}
    if hook.format == Hook.Format.DISCORD:
        return _discord(TEST_LINE)
    return {
        "id": delivery_id,
        "event": PING,
        "created_at": created_at.isoformat(),
        "data": {"hook": {"id": hook.pk, "name": hook.name}, "message": TEST_LINE},
    }
