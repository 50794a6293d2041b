#!/usr/bin/env bash
# Shared helpers for run.sh and test.sh: prerequisites and a private PostgreSQL cluster.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  # apt-get update once per script run, only when something is missing.
  if [ -z "${_APT_UPDATED:-}" ]; then as_root apt-get update -qq; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

ensure_postgres_binaries() {
  if ! pg_bindir >/dev/null; then
    echo "Installing PostgreSQL server binaries (apt)..."
    apt_install postgresql
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Chromium for browser tests (apt)..."
    apt_install chromium fonts-dejavu-core
  fi
}

# LightGBM, the boosted-trees trainer, links against OpenMP's runtime.
ensure_openmp() {
  if ! ldconfig -p 2>/dev/null | grep -q 'libgomp.so.1'; then
    echo "Installing OpenMP's runtime for the boosted-trees trainer (apt)..."
    apt_install libgomp1
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Runs a PostgreSQL binary as the cluster owner: initdb refuses to run as root.
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_start DATA_DIR PORT: initialise the cluster if new, start it on 127.0.0.1:PORT.
pg_start() {
  local data="$1" port="$2" bin
  bin="$(pg_bindir)"
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$data"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=${PG_FSYNC:-on} -c max_connections=${PG_MAX_CONNECTIONS:-200}" start >/dev/null
}

pg_stop() {
  local data="$1" bin
  bin="$(pg_bindir)"
  if [ -f "$data/postmaster.pid" ]; then pg_as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true; fi
}

# Builds the runnable console into .build/: the host (API, console, hub, workers) and the demo client.
# A first build restores packages and compiles for a minute or two: say what is happening meanwhile.
publish_all() {
  local out="$REPO_ROOT/.build" started=$SECONDS
  ensure_openmp
  echo "Building ReviewConsole (Release; the first build restores packages and takes a minute or two)..."
  echo "  [1/3] restoring packages..."
  dotnet restore "$REPO_ROOT/ReviewConsole.sln" --nologo -v quiet
  echo "  [2/3] compiling and publishing the host -> .build/host ($((SECONDS - started)) s so far)..."
  dotnet publish "$REPO_ROOT/src/ReviewConsole" -c Release -o "$out/host" --no-restore --nologo -v quiet
  echo "  [3/3] compiling and publishing the demo client -> .build/demo ($((SECONDS - started)) s so far)..."
  dotnet publish "$REPO_ROOT/src/ReviewConsole.Demo" -c Release -o "$out/demo" --no-restore --nologo -v quiet
  echo "  built in $((SECONDS - started)) s."
}

# wait_ready URL SECONDS: polls until the URL answers 2xx.
wait_ready() {
  local url="$1" seconds="$2" i
  for ((i = 0; i < seconds * 5; i++)); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "Timed out waiting for $url" >&2
  return 1
}
