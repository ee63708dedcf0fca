#!/usr/bin/env bash
# pip-audit over the locked dependencies (requirements.lock, with hashes; pip itself is not
# run). Fails on a known vulnerability. When the vulnerability service (PyPI's JSON API)
# cannot be reached, says so in one line and passes: a network outage is not a finding.
set -uo pipefail
cd "$(dirname "$0")/.."

report="$(mktemp)"; errors="$(mktemp)"
trap 'rm -f "$report" "$errors"' EXIT
.venv/bin/pip-audit -r requirements.lock --require-hashes --disable-pip \
    --progress-spinner off --format json --output "$report" 2>"$errors"
rc=$?
exec .venv/bin/python - "$rc" "$report" "$errors" <<'PY'
import json, sys

rc, report, errors = int(sys.argv[1]), sys.argv[2], sys.argv[3]
try:
    with open(report) as f:
        deps = json.load(f)["dependencies"]
except (OSError, ValueError, KeyError):
    last = (open(errors).read().strip().splitlines() or ["no output"])[-1]
    print(f"pip-audit: skipped, the vulnerability service could not be reached ({last[:160]})")
    sys.exit(0)
vulnerable = [d for d in deps if d.get("vulns")]
skipped = [d for d in deps if "skip_reason" in d]
if vulnerable:
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release yet"
            print(f"pip-audit: {d['name']} {d['version']}: {v['id']} (fixed in {fixed})")
    sys.exit(1)
if deps and len(skipped) == len(deps):
    print(f"pip-audit: skipped, the vulnerability service could not be reached "
          f"(none of the {len(deps)} locked packages could be looked up)")
    sys.exit(0)
if rc not in (0, 1):
    print(f"pip-audit failed (exit {rc}): {open(errors).read().strip()[-300:]}")
    sys.exit(rc)
print(f"pip-audit: no known vulnerabilities in {len(deps) - len(skipped)} locked packages"
      + (f" ({len(skipped)} not on PyPI, not audited)" if skipped else ""))
PY
