#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests (Hangfire storage shared by several hosts), from Debian's package,
# without systemd.
#   scripts/postgres.sh start DIR   -> initialises DIR (if new), starts on a free 127.0.0.1 port, prints the Npgsql
#                                      connection string on stdout (database "hangfire", user postgres, trust auth)
#   scripts/postgres.sh stop DIR    -> stops the cluster and deletes DIR
# Runs the server as user postgres when invoked as root (initdb refuses root). Loopback only, trust auth: tests only.
set -euo pipefail
bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
cmd="${1:-}"; dir="${2:-}"
if [[ -z "$cmd" || -z "$dir" ]]; then echo "usage: $0 start|stop DIR" >&2; exit 64; fi
if [[ ! -x "$bin/pg_ctl" ]]; then echo "error: PostgreSQL 15 not found in $bin (apt-get install postgresql, or run scripts/prerequisites.sh)" >&2; exit 1; fi

as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    mkdir -p "$dir/sock"; [[ $(id -u) -eq 0 ]] && chown postgres "$dir/sock"
    # A free port: ask the kernel, then retry a few times in case another process takes it first.
    for attempt in 1 2 3 4 5; do
      port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
              || echo $((20000 + RANDOM % 20000)))"
      if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
           start >/dev/null 2>&1; then
        as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c "CREATE DATABASE hangfire" >/dev/null 2>&1 || true
        echo "$port" > "$dir/port"
        echo "Host=127.0.0.1;Port=$port;Database=hangfire;Username=postgres;Pooling=true"
        exit 0
      fi
      tail -n 3 "$dir/server.log" >&2 || true
    done
    echo "error: PostgreSQL did not start (log: $dir/server.log)" >&2
    exit 1
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 64 ;;
esac
