#!/usr/bin/env bash
# What the tests need beyond Python: Debian's Chromium for the browser tests and a running
# PostgreSQL 15 cluster with a `hawl` role. Installs with apt-get when missing (CI runs as root).
set -euo pipefail
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
updated=""
apt_install() {
  [ -n "$updated" ] || { sudo_if_needed apt-get update -qq; updated=1; }
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v chromium >/dev/null || apt_install chromium
command -v pg_ctlcluster >/dev/null || apt_install postgresql
version=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  sudo_if_needed pg_createcluster "$version" main
fi
cluster=$(pg_lsclusters -h | awk 'NR==1 {print $2}')
pg_lsclusters -h | awk 'NR==1 {print $4}' | grep -q online || sudo_if_needed pg_ctlcluster "$version" "$cluster" start
as_postgres() { sudo_if_needed su postgres -c "$1"; }
for _ in $(seq 1 30); do as_postgres "psql -qtAc 'SELECT 1'" >/dev/null 2>&1 && break; sleep 1; done
as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'hawl'\"" | grep -q 1 \
  || as_postgres "psql -qc \"CREATE ROLE hawl LOGIN CREATEDB PASSWORD 'hawl'\""
as_postgres "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'hawl'\"" | grep -q 1 \
  || as_postgres "createdb -O hawl hawl"
