# scripts/bench-lib.sh: what the benchmark scripts share — a throwaway,
# durable PostgreSQL on a free loopback port and `contactd dev` on it.
# Sourced, not run. Everything it starts stops at the script's exit, and
# the temporary folder is removed.
#
# After `bench_setup`: $tmp (the folder), $pg_bin, psql_ and $pg_port once
# `bench_start_pg` ran, $app_port and $dev_pid once `bench_start_dev` ran.

log() { printf '%s: %s\n' "$bench_name" "$*" >&2; }
die() { log "$*"; exit 1; }

bench_setup() {
	bench_name=$1
	pg_bin=""
	for d in "$(dirname -- "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5nr); do
		if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/pgbench ]]; then pg_bin=$d; break; fi
	done
	[[ -n $pg_bin ]] || die "initdb, pg_ctl and pgbench not found (Debian: apt-get install postgresql postgresql-contrib)"
	command -v curl >/dev/null 2>&1 || die "curl not found"
	tmp=$(mktemp -d)
	as_pg=()
	if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
		# PostgreSQL refuses to run as root: run it as its own OS user.
		as_pg=(runuser -u postgres --)
		chown postgres "$tmp"
	fi
	dev_pid=""
	trap bench_cleanup EXIT
}

bench_cleanup() {
	if [[ -n $dev_pid ]]; then kill "$dev_pid" 2>/dev/null || true; wait "$dev_pid" 2>/dev/null || true; fi
	"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1 || true
	rm -rf "$tmp"
}

free_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
	done
	die "no free port found"
}

# bench_start_pg MAX_CONNECTIONS: a durable server (fsync and synchronous
# commits on, as in production).
bench_start_pg() {
	pg_port=$(free_port)
	log "PostgreSQL on 127.0.0.1:$pg_port (durable)"
	"${as_pg[@]}" "$pg_bin/initdb" -D "$tmp/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null
	"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $pg_port -k $tmp -c max_connections=$1 -c shared_buffers=256MB" start >/dev/null
}

psql_() { "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }

# bench_build: contactd, loadgen and seed into $tmp.
bench_build() {
	log "building contactd, loadgen and seed"
	go build -o "$tmp/contactd" ./cmd/contactd
	go build -o "$tmp/loadgen" ./cmd/loadgen
	go build -o "$tmp/seed" ./cmd/seed
}

# bench_start_dev DATABASE POOL: `contactd dev` on that database of the
# server, with the hourly consultation limit off (the agents share one demo
# user), until it is ready.
bench_start_dev() {
	app_port=$(free_port)
	"$tmp/contactd" dev --addr "127.0.0.1:$app_port" --data "$tmp/dev" --log-level warn --consult-limit 0 \
		--database-url "postgres://postgres@127.0.0.1:$pg_port/$1?sslmode=disable&pool_max_conns=$2" \
		>"$tmp/contactd.log" 2>&1 &
	dev_pid=$!
	for _ in $(seq 600); do
		curl -sf "http://127.0.0.1:$app_port/readyz" >/dev/null 2>&1 && return 0
		kill -0 "$dev_pid" 2>/dev/null || { cat "$tmp/contactd.log" >&2; die "contactd dev did not start"; }
		sleep 0.5
	done
	die "contactd dev not ready after 5 minutes"
}

bench_stamp() {
	printf '%s, commit %s, PostgreSQL %s on loopback (fsync on), %s cores\n' "$(date -u +%Y-%m-%dT%H:%MZ)" \
		"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$("$pg_bin/postgres" --version | awk '{print $3}')" "$(nproc)"
}
