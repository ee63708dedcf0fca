"""Hub bench: every main page under gunicorn and wrk, against the ceiling and django-wiki,
in one run. Ratios within the run are what to read (the machine is shared and noisy).

    python bench/hub_bench.py --db small=sqlite:////tmp/small.sqlite3 \\
                              --db full=sqlite:////tmp/full.sqlite3 --seconds 10

Each --db names a database already filled by `manage.py generate_hub --scale ...` (or
`--generate small` makes a temporary one first). For each: the site and the ceiling
(bench/hubbench/ceiling.py: a bare view through the same middleware and whitenoise, and a
template with one query) run under gunicorn with the site's gunicorn.conf.py (2 workers,
1 thread each, no recycling) on 127.0.0.1; wrk (2 threads, 16 connections) loads every
page anonymously and logged in (a session cookie of the bench learner), logged in twice: on
the site as configured (the learner's own copy of a page serves their repeated reads) and on a
second site with NEXUS_VIEWER_PAGE_SECONDS=0 (every request renders); django-wiki's
article page runs in its own venv (bench/wikibench's pins, plus gunicorn) on its own
content. Writes bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hubbench import ROOT  # noqa: E402
from hubbench.load import answer, run_wrk  # noqa: E402
from hubbench.report import write  # noqa: E402
from hubbench.servers import Gunicorn, production_env  # noqa: E402

PYTHON = sys.executable


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", action="append", default=[], help="label=DATABASE_URL")
    parser.add_argument("--generate", choices=["tiny", "small", "medium"], action="append",
                        default=[], help="make a temporary database of this scale")  # fmt: skip
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per page")
    parser.add_argument("--rss-seconds", type=int, default=60)
    parser.add_argument("--pages", default="", help="comma-separated subset of page names")
    parser.add_argument("--port", type=int, default=8180, help="first of four ports")
    parser.add_argument("--no-djangowiki", action="store_true")
    parser.add_argument("--redis-url", default="",
                        help="REDIS_URL for the site on the PostgreSQL data sets (SQLite ones "
                             "run as one machine does: local-memory cache)")  # fmt: skip
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"))
    return parser.parse_args()


def sh(command, env, **kw):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kw)


def generate(scale: str, tmpdir: Path) -> str:
    url = f"sqlite:///{tmpdir / f'{scale}.sqlite3'}"
    env = production_env(url)
    sh([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    sh([PYTHON, "manage.py", "generate_hub", "--scale", scale], env)
    return url


def bench_dataset(label, url, args, logs: Path, wiki=None) -> dict:
    redis = args.redis_url if url.startswith("postgres") else ""
    extra = {"REDIS_URL": redis} if redis else {}
    env = production_env(url, **extra)
    info = json.loads(
        sh(
            [PYTHON, str(ROOT / "bench" / "hubbench" / "targets.py")],
            env,
            capture_output=True,
            text=True,
        ).stdout  # fmt: skip
    )
    urls = info["urls"]
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",")}
        urls = {k: v for k, v in urls.items() if k in wanted}
    site = Gunicorn("site", args.port, env, python=PYTHON, log=logs / f"site-{label}.log")
    # The same site with no logged-in reader's own copies: every logged-in request renders
    # (the fragments still serve), as a reader's first look at a page does.
    rendering = Gunicorn(
        "site, rendering",
        args.port + 3,
        {**env, "NEXUS_VIEWER_PAGE_SECONDS": "0"},
        python=PYTHON,
        log=logs / f"site-rendering-{label}.log",
    )
    ceiling = Gunicorn(
        "ceiling",
        args.port + 1,
        {**env, "DJANGO_SETTINGS_MODULE": "hubbench.ceiling"},
        python=PYTHON,
        app="django.core.wsgi:get_wsgi_application()",
        log=logs / f"ceiling-{label}.log",
    )
    load_before = os.getloadavg()
    result = {"label": label, "pages": {}, "ceiling_runs": []}
    try:
        site.wait("/")
        rendering.wait("/")
        ceiling.wait("/hello/")
        cookie = {"Cookie": info["session_cookie"]}
        # The API's pages must answer JSON to both, the logged-in one through the session
        # cookie (the API takes session auth for reads): not a redirect, not a 401/403, whose
        # quick answers wrk would count as pages served.
        for name, path in urls.items():
            if name.endswith(", API"):
                for who, headers in (("anonymous", {}), ("logged in", cookie)):
                    status, kind = answer(site.url + path, headers)
                    if status != 200 or not kind.startswith("application/json"):
                        raise SystemExit(f"{name} ({who}) answered {status} {kind!r}, not JSON")
        for path in urls.values():  # warm: templates compiled, caches filled
            for headers in ({}, cookie):
                run_wrk(site.url + path, seconds=1, connections=2, threads=1, headers=headers)
            run_wrk(rendering.url + path, seconds=1, connections=2, threads=1, headers=cookie)
        rss_start = site.worker_rss_kb()
        rss_start_rendering = rendering.worker_rss_kb()
        result["ceiling_runs"].append(run_wrk(ceiling.url + "/hello/", seconds=args.seconds)["rps"])
        result["template"] = run_wrk(ceiling.url + "/template/", seconds=args.seconds)
        for name, path in urls.items():
            row = result["pages"].setdefault(name, {})
            # The ceiling again right before each page: on a shared machine the load drifts
            # within a run, and each page is compared with the ceiling of its own moment.
            row["ceiling"] = run_wrk(ceiling.url + "/hello/", seconds=args.seconds)["rps"]
            result["ceiling_runs"].append(row["ceiling"])
            for who, server, headers in (("anonymous", site, {}), ("logged in", site, cookie),
                                         ("rendered", rendering, cookie)):  # fmt: skip
                r = run_wrk(server.url + path, seconds=args.seconds, headers=headers)
                r["redirect"] = who == "anonymous" and name == "inbox"
                r["ceiling"] = row["ceiling"]
                row[who] = r
                print(f"  {label} {name} {who}: {r['rps']:.0f} req/s p50 {r['p50']} ms "
                      f"p99 {r['p99']} ms", flush=True)  # fmt: skip
        result["ceiling_runs"].append(run_wrk(ceiling.url + "/hello/", seconds=args.seconds)["rps"])
        if wiki is not None:
            result["djangowiki"] = run_wrk(wiki.url + wiki.article, seconds=args.seconds,
                                           headers={"Host": "localhost"})  # fmt: skip
        if args.rss_seconds and "big challenge" in urls:
            result["rss"] = []
            runs = ((site, rss_start, "logged in, own copy"),
                    (rendering, rss_start_rendering, "logged in, rendered"))  # fmt: skip
            for server, start, how in runs:
                big = server.url + urls["big challenge"]
                # The window itself too: after a minute on the page, the next minute's growth
                # (caches already filled by the run tell apart from memory that keeps growing).
                run_wrk(big, seconds=args.rss_seconds, headers=cookie)
                window = server.worker_rss_kb()
                run_wrk(big, seconds=args.rss_seconds, headers=cookie)
                end, page = server.worker_rss_kb(), "the big challenge"
                result["rss"].append({"start": start, "window": window, "end": end, "how": how,
                                      "seconds": args.rss_seconds, "page": page})  # fmt: skip
    finally:
        site.stop()
        rendering.stop()
        ceiling.stop()
    result["ceiling_rps"] = sum(result["ceiling_runs"]) / len(result["ceiling_runs"])
    result["load_before"] = ", ".join(f"{x:.1f}" for x in load_before)
    result["load_after"] = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    counts = info["counts"]
    result["describe"] = [
        f"Data: {counts['learners']:,} learners, {counts['pages']:,} wiki pages with "
        f"{counts['revisions']:,} revisions, {counts['challenges']:,} challenges, "
        f"{counts['solutions']:,} solutions, {counts['comments']:,} comments, "
        f"{counts['votes']:,} votes, {counts['notifications']:,} notifications; the big "
        f"challenge has {counts['big challenge solutions']} solutions and "
        f"{counts['big challenge comments']:,} comments. Database: "
        f"{'PostgreSQL' if url.startswith('postgres') else 'SQLite'}"
        f"{', Redis' if redis else ', local-memory cache'}."
    ]
    return result


class DjangoWiki:
    """django-wiki 0.13 in bench/wikibench's venv, on its own generated content."""

    def __init__(self, port: int, workdir: Path, logs: Path):
        from types import SimpleNamespace

        sys.path.insert(0, str(ROOT / "bench"))
        from wikibench.content import for_djangowiki
        from wikibench.content import generate as wiki_content
        from wikibench.djangowiki_venv import djangowiki_python

        python = str(djangowiki_python())
        probe = subprocess.run([python, "-c", "import gunicorn"], capture_output=True)
        if probe.returncode != 0:
            import gunicorn

            subprocess.run([python, "-m", "pip", "install", "--quiet",
                            "--disable-pip-version-check", f"gunicorn=={gunicorn.__version__}"],
                           check=True)  # fmt: skip
        content = wiki_content(
            SimpleNamespace(pages=200, revisions=5, sample=1, seed=2026, edit_repeat=1)
        )
        (workdir / "content-djangowiki.json").write_text(json.dumps(for_djangowiki(content)))
        sh([python, str(ROOT / "bench" / "wiki_bench.py"), "--side", "djangowiki", "--phase",
            "load", "--workdir", str(workdir)], os.environ.copy())  # fmt: skip
        self.article = f"/wiki/{content['sample'][0]}/"
        env = {
            **os.environ,
            "WIKI_BENCH_DB": str(workdir / "djangowiki.sqlite3"),
            "WIKI_BENCH_MEDIA": str(workdir / "media-djangowiki"),
            "DJANGO_SETTINGS_MODULE": "djangowiki.settings",
            "PYTHONPATH": str(ROOT / "bench"),
        }
        # Started from its work directory: gunicorn reads ./gunicorn.conf.py when given no
        # --config, and the site's (in the checkout) is not django-wiki's.
        self.server = Gunicorn("django-wiki", port, env, python=python, config=False,
                               app="django.core.wsgi:get_wsgi_application()", cwd=workdir,
                               log=logs / "djangowiki.log")  # fmt: skip
        self.url = self.server.url
        try:
            self.server.wait(self.article, host="localhost")
        except BaseException:
            self.server.stop()  # never left running on its port
            raise

    def stop(self):
        self.server.stop()


def main():
    args = parse_args()
    if not os.path.exists("/usr/bin/wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    tmpdir = Path(tempfile.mkdtemp(prefix="hub-bench-"))
    logs = tmpdir / "logs"
    logs.mkdir()
    started = time.perf_counter()
    try:
        datasets = [tuple(d.split("=", 1)) for d in args.db]
        datasets += [(scale, generate(scale, tmpdir)) for scale in args.generate]
        if not datasets:
            sys.exit("Name a database (--db small=sqlite:///...) or --generate small.")
        sh([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
           production_env(datasets[0][1]))  # fmt: skip
        wiki = None
        if not args.no_djangowiki:
            wiki = DjangoWiki(args.port + 2, tmpdir, logs)
        results = []
        try:
            for label, url in datasets:
                print(f"{label}: {url}", flush=True)
                results.append(bench_dataset(label, url, args, logs, wiki=wiki))
        finally:
            if wiki is not None:
                wiki.stop()
        command = "python bench/hub_bench.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
        notes = [
            f"Every page loaded for {args.seconds} s by wrk (2 threads, 16 connections) after a "
            "warm-up; the site and the ceiling under gunicorn with gunicorn.conf.py, 2 workers "
            "of 1 thread, production settings (DEBUG off, request log on), 127.0.0.1. "
            "'× ceiling' is the page's requests per second over the ceiling's in the same run. "
            f"Whole run: {time.perf_counter() - started:.0f} s.",
        ]
        write(args.out, command=command, results=results, notes=notes, extra=[])
        print(f"Wrote {args.out}")
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
