#!/usr/bin/env bash
# Runs ReviewConsole locally: PostgreSQL (a private cluster under .data/ unless
# ConnectionStrings__ReviewConsole is set), the host (API, console, hub, workers; migrations applied at
# start-up), and the demo: users, a workflow, and a model client posting items through the public API.
# Ctrl-C or kill -TERM stops everything this script started; a second run reuses the data.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${PORT:-${WEB_PORT:-5000}}"
HOST="${HOST:-${WEB_HOST:-127.0.0.1}}"
export Bootstrap__AdminUser="${Bootstrap__AdminUser:-admin}"
export Bootstrap__AdminPassword="${Bootstrap__AdminPassword:-Ladder!Demo2026}"
DEMO_RATE="${DEMO_RATE:-0.5}"
# The certificate that encrypts the token key ring at rest, outside the database (generated on first run).
export DataProtection__CertificatePath="${DataProtection__CertificatePath:-$REPO_ROOT/.data/keyring.pfx}"

pids=()
pg_data=""
cleanup() {
  trap - EXIT INT TERM
  echo; echo "Stopping ReviewConsole..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pg_data" ]; then pg_stop "$pg_data"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${ConnectionStrings__ReviewConsole:-}" ]; then
  ensure_postgres_binaries
  pg_data="$REPO_ROOT/.data/postgres"
  pg_port="${PG_PORT:-55432}"
  echo "Starting PostgreSQL on 127.0.0.1:$pg_port (data in .data/postgres)..."
  pg_start "$pg_data" "$pg_port"
  if ! psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'reviewconsole'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE reviewconsole"
  fi
  export ConnectionStrings__ReviewConsole="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=reviewconsole"
fi

publish_all

url="http://$HOST:$PORT"
local_url="http://127.0.0.1:$PORT"
demo_control="http://127.0.0.1:${DEMO_CONTROL_PORT:-5091}"
echo "Starting the console on $url (applying migrations)..."
# One-minute drift buckets and a 10-minute monitor window: a newcomer sees an injected drift alerted within minutes
# (production defaults: 5-minute buckets, the last hour).
(cd "$REPO_ROOT/.build/host" && Drift__BucketSeconds="${DRIFT_BUCKET_SECONDS:-60}" Drift__MonitorMinutes="${DRIFT_MONITOR_MINUTES:-10}" \
  Demo__ControlUrl="$demo_control" exec dotnet ReviewConsole.dll --urls "$url") &
pids+=($!)
wait_ready "$local_url/readyz" 120

echo "Seeding the demo and starting its traffic..."
(cd "$REPO_ROOT/.build/demo" && exec dotnet ReviewConsole.Demo.dll --api "$local_url" --admin "$Bootstrap__AdminUser" \
  --password "$Bootstrap__AdminPassword" --rate "$DEMO_RATE" --control-port "${DEMO_CONTROL_PORT:-5091}") &
pids+=($!)

cat <<BANNER

  ReviewConsole is running:  $url
  HTTP API reference:  $url/scalar/v1   (OpenAPI at /openapi/v1.json)

  Sign in as any of:
    reviewer1 / Review!Demo2026   (reviewer)      reviewer2 / Review!Demo2026 (reviewer)
    mllead    / Review!Demo2026   (ML lead)       manager   / Review!Demo2026 (manager)
    $Bootstrap__AdminUser     / $Bootstrap__AdminPassword    (admin)

  Demo traffic: about $DEMO_RATE invoices/s into workflow "invoice-category" (shadow level).
  Drift: open the workflow's Drift page and press "Demo: inject drift" to watch it being caught.
  Press Ctrl-C to stop.

BANNER
wait -n "${pids[@]}"
