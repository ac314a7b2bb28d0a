#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite (installed with apt when absent).
#
#   scripts/pg.sh run CMD [ARGS...]   start a server, run CMD with CLAIMGRAPH_TEST_PG set, stop it;
#                                     exits with CMD's status (an already set CLAIMGRAPH_TEST_PG
#                                     is used as it is and nothing is started)
#   eval "$(scripts/pg.sh start)"     start one and export CLAIMGRAPH_TEST_PG (and _DIR) in this shell
#   scripts/pg.sh stop [DIR]          stop it (DIR defaults to $CLAIMGRAPH_TEST_PG_DIR) and delete it
#
# The cluster lives in a temporary folder owned by the postgres user, listens on 127.0.0.1 on a
# free port (no other address), trusts local connections and runs without fsync: tests only.
# Everything but the export lines goes to stderr.
set -euo pipefail

DB_NAME=claimgraph_test
PG_USER=postgres

log() { echo "pg.sh: $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

install_pg() {
  if [[ $(id -u) -ne 0 ]]; then
    log "PostgreSQL is not installed and this is not root: install the 'postgresql' package"; exit 1
  fi
  log "installing PostgreSQL with apt-get"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
}

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  local bin dir port
  bin=$(pg_bin) || { install_pg; bin=$(pg_bin); }
  if [[ $(id -u) -eq 0 ]] && ! id "$PG_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/claimgraph-pg.XXXXXX")
  if [[ $(id -u) -eq 0 ]]; then chown "$PG_USER" "$dir"; fi
  as_pg "$bin/initdb" -D "$dir/data" -U "$PG_USER" -A trust -E UTF8 --no-locale --no-sync >/dev/null
  for _try in 1 2 3; do
    port=$(free_port)
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir -F" start >/dev/null; then
      as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$DB_NAME"
      log "PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port in $dir"
      echo "export CLAIMGRAPH_TEST_PG=postgresql://$PG_USER@127.0.0.1:$port/$DB_NAME"
      echo "export CLAIMGRAPH_TEST_PG_DIR=$dir"
      return 0
    fi
    log "start on port $port failed; retrying"
  done
  cat "$dir/server.log" >&2 || true
  exit 1
}

stop() {
  local dir=${1:-${CLAIMGRAPH_TEST_PG_DIR:-}} bin
  [[ -n "$dir" && -d "$dir/data" ]] || { log "no server folder given"; exit 1; }
  bin=$(pg_bin)
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

run() {
  if [[ -n "${CLAIMGRAPH_TEST_PG:-}" ]]; then
    log "using CLAIMGRAPH_TEST_PG as set"; exec "$@"
  fi
  local env
  env=$(start)
  eval "$env"
  trap 'set +e; stop "$CLAIMGRAPH_TEST_PG_DIR"' EXIT
  trap 'exit 130' INT TERM
  local status=0
  "$@" || status=$?
  exit "$status"
}

case "${1:-}" in
  start) start ;;
  stop) shift; stop "$@" ;;
  run) shift; [[ $# -gt 0 ]] || { log "usage: pg.sh run CMD [ARGS...]"; exit 2; }; run "$@" ;;
  *) log "usage: pg.sh start | stop [DIR] | run CMD [ARGS...]"; exit 2 ;;
esac
