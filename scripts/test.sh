#!/usr/bin/env bash
# Runs every test suite: unit, integration (real PostgreSQL) and browser (Chromium via Playwright).
# Installs what is missing (PostgreSQL server, Chromium), starts a throwaway cluster, removes it after.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres_binaries
ensure_chromium

work="$(mktemp -d)"
chmod 755 "$work"
pg_port="$(free_port)"
cleanup() { pg_stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT INT TERM
# Every test class hosts the console on its own database, each with its own pool: room for them all.
PG_FSYNC=off PG_MAX_CONNECTIONS=400 pg_start "$work/pg" "$pg_port"
export RC_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

# The browser tests drive the same published console that scripts/run.sh starts.
publish_all
dotnet build "$REPO_ROOT/ReviewConsole.sln" -c Release --nologo -v quiet

# One suite at a time: on two cores, browser tests beside the integration suite would race for CPU.
status=0
set +e
for suite in ReviewConsole.Core.Tests ReviewConsole.Tests ReviewConsole.Browser.Tests; do
  dotnet test "$REPO_ROOT/tests/$suite" -c Release --no-build --nologo 2>&1 | tee -a "$work/test.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
set -e

# One closing line for the whole run, summed over the suites.
awk '/(Passed|Failed)! +- Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$work/test.log"
exit "$status"
