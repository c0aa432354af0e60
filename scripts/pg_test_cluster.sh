#!/usr/bin/env bash
# Run a command next to a throw-away PostgreSQL cluster:
#
#     scripts/pg_test_cluster.sh COMMAND [ARGS...]
#
# Creates a cluster in a fresh temporary folder (initdb, trust authentication, fsync off),
# starts it listening only on a Unix socket in that folder, runs COMMAND with
# DALAN_TEST_POSTGRES_URL set to it, then stops the server and removes the folder whatever
# COMMAND's result. Exits with COMMAND's status.
#
# PostgreSQL refuses to run as root: as root the server runs as the 'postgres' user (created by
# Debian's postgresql package). When no server can be started, COMMAND still runs, without
# DALAN_TEST_POSTGRES_URL (the PostgreSQL tests then say why they are skipped).
set -u

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

# initdb/pg_ctl: on PATH, else the newest of Debian's /usr/lib/postgresql/<version>/bin.
find_pg_bin() {
    local found
    found=$(command -v "$1" 2>/dev/null) && { echo "$found"; return 0; }
    found=$(ls -1d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
    [ -n "$found" ] && echo "$found"
}

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    else
        "$@"
    fi
}

folder=""
data=""
pg_ctl=""
started=0

cleanup() {
    if [ "$started" -eq 1 ]; then
        as_server_user "$pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    if [ -n "$folder" ]; then
        rm -rf "$folder"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_cluster() {
    local initdb
    initdb=$(find_pg_bin initdb) || true
    pg_ctl=$(find_pg_bin pg_ctl) || true
    if [ -z "$initdb" ] || [ -z "$pg_ctl" ]; then
        echo "pg_test_cluster: PostgreSQL server binaries (initdb, pg_ctl) not found" >&2
        return 1
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "pg_test_cluster: running as root and there is no 'postgres' user to run the server" >&2
        return 1
    fi
    folder=$(mktemp -d "${TMPDIR:-/tmp}/dalan-pg.XXXXXX") || return 1
    data="$folder/data"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres "$folder" || return 1
    fi
    if ! as_server_user "$initdb" -D "$data" -A trust -U postgres -E UTF8 --no-locale >"$folder/initdb.log" 2>&1; then
        echo "pg_test_cluster: initdb failed:" >&2
        tail -n 5 "$folder/initdb.log" >&2
        return 1
    fi
    local options="-c listen_addresses='' -k $folder -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if ! as_server_user "$pg_ctl" -D "$data" -o "$options" -l "$folder/server.log" -w -t 60 start >/dev/null 2>&1; then
        echo "pg_test_cluster: the server did not start:" >&2
        tail -n 5 "$folder/server.log" >&2 2>/dev/null
        return 1
    fi
    started=1
    export DALAN_TEST_POSTGRES_URL="postgresql+psycopg://postgres@/postgres?host=$folder"
    echo "pg_test_cluster: $("$pg_ctl" --version) on $folder"
}

if ! start_cluster; then
    echo "pg_test_cluster: no PostgreSQL server; the PostgreSQL tests will be skipped" >&2
fi

"$@"
status=$?
exit "$status"
