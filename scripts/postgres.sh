# Sourced by scripts/test and Benchmarks/cas-load.sh: a private, throw-away
# PostgreSQL server on a free loopback port. After `start_postgres`,
# POSTGRES_URL points at its `postgres` database; `stop_postgres` removes it.
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
    pgdir=$(mktemp -d /tmp/sesame-pg.XXXXXX)
    chmod 755 "$pgdir"
    [ "$(id -u)" = 0 ] && chown postgres "$pgdir"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    run_pg "$pgbin/initdb" -D "$pgdir/data" -U sesame -A trust -E UTF8 --no-locale >/dev/null
    run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 start \
        -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" >/dev/null \
        || { cat "$pgdir/server.log"; return 1; }
    POSTGRES_URL="postgres://sesame@127.0.0.1:$port/postgres?sslmode=disable"
}

stop_postgres() {
    [ -n "${pgdir:-}" ] || return 0
    run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
}
