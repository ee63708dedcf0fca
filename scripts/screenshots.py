"""Write a gallery of the main pages to docs/screenshots/: desktop and phone, light and dark.

Usage: python scripts/screenshots.py [BASE_URL] [--out DIR] [--full] [--only NAME,...]

BASE_URL is a running demo (`manage.py seed_demo`), http://127.0.0.1:8000 by default. Pages
that need an account log in as the demo learner (bea) or moderator (mo). Playwright drives
Debian's Chromium (/usr/bin/chromium); each PNG is 1x and cut to 256 colours to stay small.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

PASSWORD = "nexus-demo-2026"
VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "phone": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class Shot:
    name: str
    title: str
    path: str
    user: str | None = None  # log in as this demo user first
    action: str | None = None  # a step to take on the page before the picture
    tall: bool = False  # a second screen's worth: the part below the fold matters


PAGES = [
    Shot("home", "Home", "/"),
    Shot("wiki-list", "Wiki: all pages", "/wiki/"),
    Shot("wiki-page", "A wiki page", "/wiki/celery/", tall=True),
    Shot("wiki-history", "A page's history", "/wiki/celery/history/", tall=True),
    Shot("wiki-diff", "Difference between two revisions", "/wiki/celery/diff/?from=1&to=2"),
    Shot("challenge-list", "Challenges", "/challenges/", tall=True),
    Shot("challenge", "A challenge, its solutions and comments", "/challenges/1/", tall=True),
    Shot("challenge-new", "Post a challenge", "/challenges/new/", user="bea"),
    Shot("search", "Search results", "/search/?q=celery+retry"),
    Shot("profile", "A learner's profile", "/u/bea/", user="bea"),
    Shot("notifications", "Notifications", "/notifications/", user="bea"),
    Shot("review-queue", "The review queue (moderator)", "/moderation/", user="mo", tall=True),
]
JOURNEYS = [
    Shot("journey-menu", "Reader on a phone: the menu opened", "/wiki/", action="menu"),
    Shot("journey-filters", "Reader: challenge filters opened", "/challenges/", action="filters"),
    Shot("journey-edit", "Learner: editing a wiki page", "/wiki/celery/edit/", user="bea"),
    Shot(
        "journey-answer",
        "Learner: writing a solution",
        "/challenges/2/",
        user="finn",
        action="answer",
    ),
]


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def act(page, shot: Shot) -> None:
    if shot.action == "menu":
        summary = page.locator(".site-menu > summary")
        if summary.is_visible():
            summary.click()
    elif shot.action == "filters":
        summary = page.locator(".filters-fold > summary")
        if summary.count() and summary.is_visible():
            summary.click()
    elif shot.action == "answer":
        box = page.locator("#answer-h")
        if box.count():
            box.scroll_into_view_if_needed()
            page.locator(".solution-form textarea").first.focus()
    page.wait_for_timeout(150)


def shrink(png: bytes) -> bytes:
    """256 colours: a screenshot of flat UI loses nothing visible and a lot of bytes."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with django-markdownx; without it keep the PNG
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True
    )
    return out.getvalue() if out.tell() < len(png) else png


def take(browser, base: str, out: Path, shots: list[Shot], full: bool) -> list[tuple]:
    taken = []
    by_user: dict[str | None, list[Shot]] = {}
    for shot in shots:
        by_user.setdefault(shot.user, []).append(shot)
    for viewport_name, viewport in VIEWPORTS.items():
        for scheme in SCHEMES:
            for user, group in by_user.items():
                context = browser.new_context(
                    viewport=viewport, color_scheme=scheme, device_scale_factor=1
                )
                page = context.new_page()
                if user:
                    log_in(page, base, user)
                for shot in group:
                    if shot.action == "menu" and viewport_name != "phone":
                        continue
                    page.goto(f"{base}{shot.path}")
                    page.wait_for_load_state("networkidle")
                    act(page, shot)
                    name = f"{shot.name}-{viewport_name}-{scheme}.png"
                    if full:
                        png = page.screenshot(full_page=True)
                    elif shot.tall or shot.action == "answer":
                        height = min(
                            page.evaluate("document.documentElement.scrollHeight"),
                            viewport["height"] * 2,
                        )
                        y = 0
                        if shot.action == "answer":
                            y = page.evaluate("window.scrollY")
                            height = viewport["height"]
                        png = page.screenshot(
                            full_page=True,
                            clip={"x": 0, "y": y, "width": viewport["width"], "height": height},
                        )
                    else:
                        png = page.screenshot()
                    (out / name).write_bytes(shrink(png))
                    taken.append((shot, viewport_name, scheme, name))
                    print(name, file=sys.stderr)
                context.close()
    return taken


def write_readme(out: Path, taken: list[tuple]) -> None:
    lines = [
        "# Screenshots",
        "",
        "The demo (`manage.py seed_demo`) as `scripts/screenshots.py` saw it: desktop (1280 px)",
        "and phone (390 px), light and dark. Regenerate with `make screenshots`.",
        "",
    ]
    seen: dict[str, list[tuple]] = {}
    for shot, viewport, scheme, name in taken:
        seen.setdefault(shot.name, []).append((shot, viewport, scheme, name))
    sections = [("Pages", PAGES), ("Journey steps", JOURNEYS)]
    for heading, shots in sections:
        lines += [f"## {heading}", ""]
        for shot in shots:
            if shot.name not in seen:
                continue
            lines += [
                f"### {shot.title}",
                "",
                f"`{shot.path}`" + (f" as {shot.user}" if shot.user else "") + "",
                "",
            ]
            cells = [
                f"[![{shot.title}, {viewport}, {scheme}]({name})]({name})"
                for _, viewport, scheme, name in seen[shot.name]
            ]
            labels = [f"{viewport}, {scheme}" for _, viewport, scheme, _ in seen[shot.name]]
            lines += ["| " + " | ".join(labels) + " |", "|" + "---|" * len(labels)]
            lines += ["| " + " | ".join(cells) + " |", ""]
    (out / "README.md").write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000")
    parser.add_argument(
        "--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots")
    )
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screens")
    parser.add_argument("--only", default="", help="comma-separated shot names")
    args = parser.parse_args(argv)
    base = args.base.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    shots = PAGES + JOURNEYS
    if args.only:
        wanted = set(args.only.split(","))
        shots = [s for s in shots if s.name in wanted]
    else:
        for old in out.glob("*.png"):
            if re.match(r"[a-z-]+-(desktop|phone)-(light|dark)\.png$", old.name):
                old.unlink()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            taken = take(browser, base, out, shots, args.full)
        finally:
            browser.close()
    if not args.only:
        write_readme(out, taken)
    total = sum(f.stat().st_size for f in out.glob("*.png"))
    print(f"{len(taken)} screenshots, {total / 1024 / 1024:.1f} MB in {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
