#!/usr/bin/env bash
# The whole pytest suite again against PostgreSQL and Redis on 127.0.0.1, as `make pytest`
# runs it: the tests that need no browser on xdist workers, then the browser tests.
# Skipped (exit 0, one line) when either does not answer. Parallel runs do not clash: each
# run has its own database name (pytest-django creates and drops test_<name>, and each xdist
# worker its own test_<name>_gw<n>) and its own cache key prefix on a Redis database number
# kept for tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=127.0.0.1 PG_PORT="${NEXUS_CI_PG_PORT:-5432}" REDIS_HOST=127.0.0.1 REDIS_PORT="${NEXUS_CI_REDIS_PORT:-6379}"
answers() { timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

silent=()
answers "$PG_HOST" "$PG_PORT" || silent+=("PostgreSQL on $PG_HOST:$PG_PORT")
answers "$REDIS_HOST" "$REDIS_PORT" || silent+=("Redis on $REDIS_HOST:$REDIS_PORT")
if [ ${#silent[@]} -gt 0 ]; then
    echo "PostgreSQL + Redis pass skipped: no answer from $(IFS=,; echo "${silent[*]}" | sed 's/,/ or /')."
    exit 0
fi

run_id="$(date +%s)_$$"
export DATABASE_URL="${NEXUS_CI_DATABASE_URL:-postgres://postgres@$PG_HOST:$PG_PORT/nexus_ci_$run_id}"
export REDIS_URL="${NEXUS_CI_REDIS_URL:-redis://$REDIS_HOST:$REDIS_PORT/${NEXUS_CI_REDIS_DB:-13}}"
export CACHE_KEY_PREFIX="nexus-ci-$run_id"

echo "PostgreSQL + Redis pass: ${DATABASE_URL%%\?*} (tests use test_${DATABASE_URL##*/}), $REDIS_URL prefix $CACHE_KEY_PREFIX"
.venv/bin/python - <<'PY'
# Fail with one clear line if PostgreSQL answers but refuses us (auth, pg_hba), before pytest.
import os, sys
import dj_database_url, psycopg
cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
try:
    psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
                    password=cfg["PASSWORD"] or None, dbname="postgres", connect_timeout=5).close()
except psycopg.Error as exc:
    sys.exit(f"PostgreSQL answers on {cfg['HOST']} but refused the connection: {exc}".strip())
PY
# The fault tests start their own PostgreSQL and Redis (tests/faults): the first pass ran them.
.venv/bin/python -m pytest --create-db -n "${XDIST:-auto}" -m "not browser and not faults" "$@"
exec .venv/bin/python -m pytest --create-db -n "${XDIST:-auto}" -m browser "$@"
