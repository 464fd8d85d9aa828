#!/usr/bin/env bash
# Throwaway Postgres and Redis for the end-to-end suite in n8n's queue mode (Debian/Ubuntu, run as root).
#
#   bash scripts/services.sh install          install postgresql and redis-server from Debian's packages
#                                             when missing (apt-get update first); quick when present
#   bash scripts/services.sh start <dir>      start a fresh Postgres cluster and a redis-server in <dir>
#                                             (loopback only, free ports, no persistence) and print their
#                                             settings as KEY=value lines on stdout
#   bash scripts/services.sh stop <dir>       stop both and remove <dir>; safe to repeat
#
# Optional environment for start: PG_PORT, REDIS_PORT (default: free ports).
# Postgres refuses to run as root, so the cluster runs as the `postgres` user the package creates. When
# that user cannot reach <dir> (e.g. the checkout lives under /root), the cluster's data goes to a
# temporary folder instead, recorded in <dir>/pgdata-path so stop removes it too.
set -euo pipefail

PG_DB=n8n
PG_USER=n8n
PG_PASSWORD=n8n-e2e-password

log() { echo "[services] $*" >&2; }
die() {
	log "$*"
	exit 1
}

pg_bin_dir() {
	local dir
	dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	[ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

have_all() {
	[ -n "$(pg_bin_dir)" ] && command -v redis-server >/dev/null 2>&1 && id postgres >/dev/null 2>&1
}

install_services() {
	if have_all; then
		log "postgresql ($(basename "$(dirname "$(pg_bin_dir)")")) and redis-server already installed"
		return 0
	fi
	[ "$(id -u)" = 0 ] || die "postgresql/redis-server missing and not root: install them with apt-get"
	command -v apt-get >/dev/null 2>&1 || die "postgresql/redis-server missing and no apt-get here"
	log "installing postgresql and redis-server from Debian's packages"
	local started=$SECONDS
	apt-get update -qq >&2
	# policy-rc.d 101: keep the packages' system services from starting (we run our own instances).
	local policy=/usr/sbin/policy-rc.d created_policy=
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\nexit 101\n' >"$policy"
		chmod +x "$policy"
		created_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		postgresql redis-server >&2 || {
		[ -n "$created_policy" ] && rm -f "$policy"
		die "apt-get install failed"
	}
	[ -n "$created_policy" ] && rm -f "$policy"
	have_all || die "installed, but initdb or redis-server is still missing"
	log "installed in $((SECONDS - started)) s"
}

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# True when the postgres user can create files in $1.
postgres_can_use() {
	runuser -u postgres -- test -w "$1" -a -x "$1" 2>/dev/null
}

start_services() {
	local dir=$1
	have_all || install_services
	local bin
	bin=$(pg_bin_dir)
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	[ -e "$dir/pgdata-path" ] && die "$dir is in use; stop it first"

	# Postgres ------------------------------------------------------------------------------------
	local pg_port=${PG_PORT:-$(free_port)}
	local pg_parent="$dir"
	chown postgres: "$dir"
	if ! postgres_can_use "$dir"; then
		pg_parent=$(mktemp -d /tmp/n8n-e2e-pg-XXXXXX)
		chown postgres: "$pg_parent"
	fi
	local pgdata="$pg_parent/pgdata"
	echo "$pgdata" >"$dir/pgdata-path"
	runuser -u postgres -- "$bin/initdb" -D "$pgdata" -U postgres --auth-local=trust \
		--auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
		die "initdb failed: $(tail -n 20 "$dir/initdb.log")"
	# Loopback only; the socket stays inside the data folder; durability is not needed for a test run.
	runuser -u postgres -- "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $pg_port -c unix_socket_directories=$pgdata -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >&2 || die "postgres did not start: $(tail -n 20 "$pgdata/server.log" 2>/dev/null)"
	runuser -u postgres -- "$bin/psql" -h "$pgdata" -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
		-c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" \
		-c "CREATE DATABASE $PG_DB OWNER $PG_USER" >&2 || die "creating the n8n database failed"

	# Redis ---------------------------------------------------------------------------------------
	local redis_port=${REDIS_PORT:-$(free_port)}
	redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
		--dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >&2 ||
		die "redis-server did not start"
	local tries=0
	until redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1; do
		tries=$((tries + 1))
		[ $tries -gt 100 ] && die "redis did not answer PING: $(tail -n 20 "$dir/redis.log")"
		sleep 0.1
	done

	echo "DB_POSTGRESDB_HOST=127.0.0.1"
	echo "DB_POSTGRESDB_PORT=$pg_port"
	echo "DB_POSTGRESDB_DATABASE=$PG_DB"
	echo "DB_POSTGRESDB_USER=$PG_USER"
	echo "DB_POSTGRESDB_PASSWORD=$PG_PASSWORD"
	echo "QUEUE_BULL_REDIS_HOST=127.0.0.1"
	echo "QUEUE_BULL_REDIS_PORT=$redis_port"
	log "postgres on 127.0.0.1:$pg_port ($pgdata), redis on 127.0.0.1:$redis_port"
}

stop_services() {
	local dir=$1
	[ -d "$dir" ] || return 0
	if [ -f "$dir/redis.pid" ]; then
		local pid
		pid=$(cat "$dir/redis.pid")
		kill -9 "$pid" 2>/dev/null || true
	fi
	if [ -f "$dir/pgdata-path" ]; then
		local pgdata bin
		pgdata=$(cat "$dir/pgdata-path")
		bin=$(pg_bin_dir || true)
		if [ -f "$pgdata/postmaster.pid" ] && [ -n "$bin" ]; then
			runuser -u postgres -- "$bin/pg_ctl" -D "$pgdata" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
				kill -9 "$(head -n 1 "$pgdata/postmaster.pid")" 2>/dev/null || true
		fi
		case "$pgdata" in
		/tmp/n8n-e2e-pg-*) rm -rf "$(dirname "$pgdata")" ;;
		esac
	fi
	rm -rf "$dir"
}

case "${1:-}" in
install) install_services ;;
start)
	[ -n "${2:-}" ] || die "usage: $0 start <dir>"
	start_services "$2"
	;;
stop)
	[ -n "${2:-}" ] || die "usage: $0 stop <dir>"
	stop_services "$2"
	;;
*)
	sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
