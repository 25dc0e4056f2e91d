#!/usr/bin/env bash
# A throw-away PostgreSQL cluster from the machine's own binaries, so tests never depend
# on, or dirty, a shared server.
#
#   pg.sh start --dir D [--port P]   initdb into D (if new), start on 127.0.0.1:P, print the URL
#   pg.sh stop  --dir D              stop it (fast shutdown)
#
# initdb refuses to run as root, so as root the cluster runs as the `postgres` user (or
# PG_RUN_AS). The cluster trades durability for speed (fsync off): it is for tests only.
set -euo pipefail

cmd=${1:-}
shift || true
dir="" port=54329
while (($#)); do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "pg.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
die() { echo "pg.sh: $*" >&2; exit 1; }
[[ -n "$dir" ]] || die "--dir is required"

bindir=${PG_BINDIR:-}
if [[ -z "$bindir" ]]; then
  if command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/initdb" ]]; then
    bindir=$(pg_config --bindir)
  else
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
fi
[[ -x "$bindir/initdb" ]] || die "no PostgreSQL server binaries found (set PG_BINDIR, or install postgresql)"

as_owner() {
  if ((EUID == 0)); then runuser -u "${PG_RUN_AS:-postgres}" -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    ((EUID == 0)) && chown "${PG_RUN_AS:-postgres}" "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
      "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB" \
      >/dev/null || { tail -n 30 "$dir/server.log" >&2; die "the server did not start (log: $dir/server.log)"; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [[ -f "$dir/data/postmaster.pid" ]] || exit 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
