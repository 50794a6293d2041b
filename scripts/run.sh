#!/usr/bin/env bash
# Runs ReviewConsole locally: PostgreSQL (a private cluster under .data/ unless
# ConnectionStrings__ReviewConsole is set), the Api (migrations applied at start-up), the Web console,
# and the demo: users, a workflow, and a model client posting items through the public API.
# Ctrl-C stops everything this script started; a second run reuses the data.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API_PORT="${API_PORT:-5080}"
WEB_PORT="${WEB_PORT:-5000}"
WEB_HOST="${WEB_HOST:-127.0.0.1}"
export Bootstrap__AdminUser="${Bootstrap__AdminUser:-admin}"
export Bootstrap__AdminPassword="${Bootstrap__AdminPassword:-Admin!2026}"
DEMO_RATE="${DEMO_RATE:-0.5}"

pids=()
pg_data=""
cleanup() {
  trap - EXIT INT TERM
  echo; echo "Stopping ReviewConsole..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pg_data" ]; then pg_stop "$pg_data"; fi
}
trap cleanup EXIT INT TERM

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

api_url="http://127.0.0.1:$API_PORT"
# One-minute drift buckets: a newcomer sees an injected drift within minutes.
(cd "$REPO_ROOT/.build/api" && Drift__BucketSeconds="${DRIFT_BUCKET_SECONDS:-60}" exec dotnet ReviewConsole.Api.dll --urls "$api_url") &
pids+=($!)
wait_ready "$api_url/readyz" 120

web_url="http://$WEB_HOST:$WEB_PORT"
demo_control="http://127.0.0.1:${DEMO_CONTROL_PORT:-5091}"
(cd "$REPO_ROOT/.build/web" && Api__BaseUrl="$api_url" Demo__ControlUrl="$demo_control" exec ./ReviewConsole.Web --urls "$web_url") &
pids+=($!)
wait_ready "$web_url/login" 60

(cd "$REPO_ROOT/.build/demo" && exec dotnet ReviewConsole.Demo.dll --api "$api_url" --admin "$Bootstrap__AdminUser" \
  --password "$Bootstrap__AdminPassword" --rate "$DEMO_RATE" --control-port "${DEMO_CONTROL_PORT:-5091}") &
pids+=($!)

cat <<BANNER

  ReviewConsole is running:  $web_url
  Api (OpenAPI at /openapi/v1.json):  $api_url

  Sign in as any of:
    reviewer1 / Review!2026   (reviewer)      reviewer2 / Review!2026 (reviewer)
    mllead    / Review!2026   (ML lead)       manager   / Review!2026 (manager)
    $Bootstrap__AdminUser     / $Bootstrap__AdminPassword    (admin)

  Demo traffic: about $DEMO_RATE invoices/s into workflow "invoice-category" (shadow level).
  Drift: open the workflow's Drift page and press "Demo: inject drift" to watch it being caught.
  Press Ctrl-C to stop.

BANNER
wait -n "${pids[@]}"
