#!/usr/bin/env bash
# The Dockerfile's build and run steps without a Docker engine: a fresh venv with the
# production dependencies from the lock (requirements-prod.lock, with hashes), collectstatic with production settings,
# check --deploy, migrate, then gunicorn with gunicorn.conf.py on a free port and GET /healthz.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

PYTHON="${PYTHON:-$(for p in python3.13 python3.12 python3; do command -v "$p" >/dev/null && "$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' && { echo "$p"; break; }; done)}"
work="$(mktemp -d "${TMPDIR:-/tmp}/nexus-build-check.XXXXXX")"
gunicorn_pid=""
cleanup() {
    if [ -n "$gunicorn_pid" ] && kill -0 "$gunicorn_pid" 2>/dev/null; then
        kill -TERM "$gunicorn_pid" 2>/dev/null || true
        wait "$gunicorn_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "build-check: copying the build context (what .dockerignore lets through) to $work/app"
mkdir -p "$work/app"
# The files git knows about (committed or not, minus ignored ones), like Docker's COPY . .
git ls-files --cached --others --exclude-standard -z \
    | grep -zvE '^(\.git/|\.ci/|tests/|docs/)' \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf - | tar -xf - -C "$work/app"

echo "build-check: fresh venv, production dependencies only, from requirements-prod.lock"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes \
    -r "$work/app/requirements-prod.lock"
py="$work/venv/bin/python"
cd "$work/app"

echo "build-check: collectstatic with a dummy SECRET_KEY, as in the Dockerfile"
DJANGO_DEBUG=0 SECRET_KEY=build-only-dummy-key-not-used-at-runtime ALLOWED_HOSTS=build \
    "$py" manage.py collectstatic --noinput --verbosity 0
test -f staticfiles/staticfiles.json
ls staticfiles/css/site.*.css.gz >/dev/null

export DJANGO_DEBUG=0 SECRET_KEY="build-check-$(date +%s)-a-long-random-secret-for-this-run-only"
export ALLOWED_HOSTS=nexus.example.org CSRF_TRUSTED_ORIGINS=https://nexus.example.org
export EMAIL_HOST=smtp.example.org DATABASE_URL="sqlite:///$work/db.sqlite3"
echo "build-check: check --deploy and migrate with production settings"
"$py" manage.py check --deploy --fail-level WARNING
"$py" manage.py migrate --noinput --verbosity 0

port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
echo "build-check: gunicorn -c gunicorn.conf.py on 127.0.0.1:$port"
GUNICORN_BIND="127.0.0.1:$port" WEB_CONCURRENCY=2 FORWARDED_ALLOW_IPS=127.0.0.1 \
    "$work/venv/bin/gunicorn" --config gunicorn.conf.py >"$work/gunicorn.log" 2>&1 &
gunicorn_pid=$!

"$py" - "$port" <<'PY'
import gzip, json, re, sys, time, urllib.error, urllib.request

port = sys.argv[1]
base = f"http://127.0.0.1:{port}"
# What the load balancer sends: the public host name, and that the client used HTTPS.
headers = {"Host": "nexus.example.org", "X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}


def get(path):
    request = urllib.request.Request(base + path, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, response.headers, body


deadline = time.monotonic() + 60
while True:
    try:
        status, _, body = get("/healthz")
        break
    except (urllib.error.URLError, ConnectionError):
        if time.monotonic() > deadline:
            sys.exit("build-check: gunicorn did not answer /healthz within 60 seconds")
        time.sleep(0.5)
health = json.loads(body)
assert status == 200 and health["status"] == "ok", body
assert (health["database"], health["cache"], health["storage"]) == ("ok", "local", "ok"), body
print("build-check: GET /healthz -> 200", body.decode())

status, _, body = get("/")
assert status == 200, status
assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', body.decode())
assert any("htmx-2.min." in a for a in assets), assets
for path in assets:
    status, asset_headers, _ = get(path)
    assert status == 200, (path, status)
    assert "immutable" in asset_headers.get("Cache-Control", ""), path
print(f"build-check: GET / -> 200; {len(assets)} hashed static files served by whitenoise")
PY

kill -TERM "$gunicorn_pid"
wait "$gunicorn_pid" || true
gunicorn_pid=""
if grep -q "Traceback" "$work/gunicorn.log"; then
    cat "$work/gunicorn.log"
    echo "build-check: gunicorn logged a traceback"
    exit 1
fi
echo "build-check: OK (the Dockerfile's steps work outside Docker)"
