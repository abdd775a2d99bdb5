#!/usr/bin/env bash
# Start what the test suite talks to: Debian's PostgreSQL cluster, with a superuser role for
# the current user (the shared-deployment tests create and drop their own databases).
# Called by `make test`; safe to run again. Without root or sudo it does nothing, and the
# PostgreSQL tests skip (outside CI).
set -euo pipefail
command -v pg_lsclusters >/dev/null || { echo "start_services: PostgreSQL is not installed"; exit 0; }
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null && sudo -n true 2>/dev/null || { echo "start_services: no root; PostgreSQL tests will skip"; exit 0; }
  SUDO="sudo -n"
fi
if [ -z "$(pg_lsclusters -h)" ]; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  $SUDO pg_createcluster "$ver" main >/dev/null
fi
pg_lsclusters -h | while read -r ver name port status _; do
  [ "$status" = online ] || $SUDO pg_ctlcluster "$ver" "$name" start
done
me=$(id -un)
exists=$($SUDO su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = '$me'\"")
[ "$exists" = 1 ] || $SUDO su postgres -c "createuser --superuser '$me'"
echo "start_services: PostgreSQL $(pg_lsclusters -h | awk '{print $1}' | head -1) online for role $me"
