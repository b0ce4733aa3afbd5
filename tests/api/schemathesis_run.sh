#!/usr/bin/env bash
# The OpenAPI document tells the truth: schemathesis, as a real client would, against a
# running server (gunicorn, `polyvox serve`) on a throwaway SQLite database holding a
# voting site (`polyvox fixture ballots`), with every check (status codes, bodies against
# their schemas, content types, negative data refused, auth not ignored, ...). Any check
# failure fails the script. Bounded: schemathesis stops after ST_MAX_TIME seconds.
#
#   tests/api/schemathesis_run.sh            (from the repository root; CI runs it)
#   ST_PORT=8801 ST_MAX_TIME=120 tests/api/schemathesis_run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

port="${ST_PORT:-8765}"
max_time="${ST_MAX_TIME:-30}"
work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$work/db.sqlite3"
export DJANGO_SETTINGS_MODULE=polyvox.settings
export POLYVOX_ENV=development
# No 429 from the anonymous limits while the fuzzer sends thousands of requests from one
# address (429 is documented on the ballot endpoints all the same).
export RATE_LIMITS_ENABLED=false

# The server boots (Django connects to the database lazily) while the database is made.
.venv/bin/polyvox serve --host 127.0.0.1 --port "$port" --workers 1 --threads 4 \
  >"$work/server.log" 2>&1 &
server=$!

# One process for both (Django starts once): the schema, then a site with 20 citizens,
# an open question and an organiser's API token.
.venv/bin/python - "$work/fixture.json" <<'PY'
import sys
from pathlib import Path

import django
from django.core.management import call_command

django.setup()
call_command("migrate", interactive=False, verbosity=0)
call_command("fixture", "ballots", citizens=20, out=Path(sys.argv[1]), verbosity=0)
PY
token="$(.venv/bin/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["token"])' "$work/fixture.json")"

# From the throwaway directory: schemathesis keeps a cache (.schemathesis/) in its cwd.
repo="$PWD"
status=0
(cd "$work" && "$repo/.venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --wait-for-schema 90 \
  --header "Authorization: Bearer $token" \
  --checks all \
  --max-examples 30 \
  --max-time "$max_time" \
  --seed 1 \
  --workers 1 \
  --generation-database none \
  --no-color) || status=$?
if [ "$status" -ne 0 ]; then
  echo "== server log (last 40 lines)"
  tail -n 40 "$work/server.log"
fi
exit "$status"
