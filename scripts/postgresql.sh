#!/usr/bin/env bash
# Start Debian's PostgreSQL on 127.0.0.1 for the tests that run the stores on it (CI and a
# developer's machine, as root), with a role and a database of their own, and print the
# database's URL: export UPRREPORT_TEST_POSTGRESQL="$(bash scripts/postgresql.sh)".
# Nothing here is for production: docs/database.md says how to deploy.
set -euo pipefail
password="uprreport-tests"
# stdout carries the URL alone: whatever the tools below print goes to stderr. (Not by moving
# stdout to a spare descriptor: the server started below would inherit it, hold the pipe of
# "$(bash scripts/postgresql.sh)" open, and the caller would wait for ever.)
{
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "postgresql.sh: needs root and apt-get (Debian's postgresql package)" >&2
  exit 1
fi
if ! command -v pg_lsclusters >/dev/null || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
read -r version cluster port status _ <<<"$(pg_lsclusters -h | head -n 1)"
# the loopback address only (Debian's postgresql.conf reads conf.d/)
echo "listen_addresses = '127.0.0.1'" >"/etc/postgresql/$version/$cluster/conf.d/uprreport-tests.conf"
if [ "$status" != online ]; then
  pg_ctlcluster "$version" "$cluster" start </dev/null
fi
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'uprreport') THEN
    CREATE ROLE uprreport LOGIN PASSWORD '$password';
  END IF;
END \$\$;
SQL
if ! su postgres -c "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'uprreport_test'\"" | grep -q 1; then
  su postgres -c "createdb -p $port -O uprreport -T template0 -E UTF8 --locale=C.UTF-8 uprreport_test"
fi
} >&2
echo "postgresql://uprreport:$password@127.0.0.1:$port/uprreport_test"
