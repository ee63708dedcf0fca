"""Timing, forms and memory, in each side's process."""

from __future__ import annotations

import time
from html.parser import HTMLParser


class FormReader(HTMLParser):
    """The forms of a page and the values a browser would send (without the submit button)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action") or "", "fields": []})
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": False}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                fields.append([self._select["name"], value])
                self._select["chosen"] = True

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea> (Django writes it).
            if self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._select["chosen"] and self._select["first"] is not None:
                self.forms[-1]["fields"].append([self._select["name"], self._select["first"]])
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_with(html: str, field: str) -> tuple[str, dict[str, list[str]]]:
    """The action and the data of the page's form that has `field`."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if any(name == field for name, _ in form["fields"]):
            data: dict[str, list[str]] = {}
            for name, value in form["fields"]:
                data.setdefault(name, []).append(value)
            return form["action"], data
    raise SystemExit(f"No form with a {field!r} field on the edit page.")


class Timer:
    """Requests through the Django test client, timed and checked (HTTPS, as in production)."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, expect: int = 200) -> tuple[float, object]:
        start = time.perf_counter()
        response = self.client.get(url, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != expect:
            raise SystemExit(f"GET {url}: {response.status_code}, expected {expect}.")
        return elapsed, response

    def post(self, url: str, data, expect: int = 302) -> tuple[float, object]:
        start = time.perf_counter()
        response = self.client.post(url, data, secure=True)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != expect:
            raise SystemExit(f"POST {url}: {response.status_code}, expected {expect}.")
        return elapsed, response


def counted(call):
    """Call it, counting its SQL queries (CaptureQueriesContext; never inside a timed run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return result, len(ctx)


def time_reads(timer: Timer, urls: list[str], repeat: int) -> dict:
    for url in urls:  # warm-up, untimed
        timer.get(url)
    samples = [timer.get(url)[0] for _ in range(repeat) for url in urls]
    queries = [counted(lambda url=url: timer.get(url))[1] for url in urls]
    return {"samples": samples, "queries": queries}


def time_edits(timer: Timer, side, slugs: list[str], edits: list[str], repeat: int) -> dict:
    """GET the edit form, POST it back with a paragraph added (not followed), view the page.

    One untimed round first (warm-up), then `repeat` timed rounds, then one untimed round
    whose queries are counted.
    """
    rows = {
        key: {"samples": [], "queries": []} for key in ("edit_form", "edit_save", "view_after_edit")
    }

    def edit(slug: str, text: str, *, timed=False, count=False) -> None:
        def step(key, call):
            if count:
                (elapsed, response), queries = counted(call)
                rows[key]["queries"].append(queries)
            else:
                elapsed, response = call()
            if timed:
                rows[key]["samples"].append(elapsed)
            return response

        url = side.edit_url(slug)
        form_page = step("edit_form", lambda: timer.get(url))
        action, data = form_with(form_page.content.decode(), side.body_field)
        data[side.body_field] = [data[side.body_field][0].rstrip() + "\n\n" + text]
        data.update(side.save_button)
        step("edit_save", lambda: timer.post(action or url, data))
        step("view_after_edit", lambda: timer.get(side.page_url(slug)))

    for slug in slugs:
        edit(slug, edits[0])
    for n in range(repeat):
        for slug in slugs:
            edit(slug, edits[1 + n], timed=True)
    for slug in slugs:
        edit(slug, edits[-1], count=True)
    return rows


def memory() -> dict:
    """Peak RSS of this process and its RSS now, in MB (Linux).

    The peak is VmHWM, the high-water mark of this process image. getrusage's ru_maxrss would
    be wrong here: a child started by fork + exec inherits its parent's peak, so it would
    report the driver's (which holds the content set) whenever that is higher.
    """
    status = {}
    with open("/proc/self/status") as lines:
        for line in lines:
            name, _, value = line.partition(":")
            status[name] = value.split()
    return {"peak_mb": int(status["VmHWM"][0]) / 1024, "end_mb": int(status["VmRSS"][0]) / 1024}
