# PostgreSQL for the tests of the PostgreSQL store (sourced by .ci/run; bash).
#
# Starts a throwaway server and exports VEDETTA_TEST_PG for `cargo test`:
#   1. installs Debian's `postgresql` with apt-get when initdb/pg_ctl are missing;
#   2. initdb's a cluster in a fresh temp dir (owned by the `postgres` user when run as root,
#      since PostgreSQL refuses to run as root), starts it on a free port of 127.0.0.1 with
#      its socket in that dir, creates the role `vedetta` and its database `vedetta_test`;
#   3. stops it and removes the dir on exit (trap; call vedetta_pg_stop to do it earlier).
# A VEDETTA_TEST_PG already set is used as it is (a developer's own server).
#
# To run the PostgreSQL tests by hand:  source .ci/postgres.sh && cargo test -p vedetta-store

vedetta_pg_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

# Runs a command as the owner of the cluster.
vedetta_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

vedetta_pg_stop() {
  if [ -n "${VEDETTA_PG_DIR:-}" ] && [ -d "$VEDETTA_PG_DIR" ]; then
    vedetta_pg_as_owner "$VEDETTA_PG_BIN/pg_ctl" -D "$VEDETTA_PG_DIR/data" -m immediate \
      stop >/dev/null 2>&1 || true
    rm -rf "$VEDETTA_PG_DIR"
  fi
  VEDETTA_PG_DIR=
}

vedetta_pg_start() {
  if [ -n "${VEDETTA_TEST_PG:-}" ]; then
    echo "PostgreSQL tests use VEDETTA_TEST_PG as set"
    return 0
  fi
  if ! VEDETTA_PG_BIN=$(vedetta_pg_bindir); then
    echo "installing PostgreSQL (Debian package postgresql)"
    local sudo=
    if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      postgresql >/dev/null
    VEDETTA_PG_BIN=$(vedetta_pg_bindir) || {
      echo "PostgreSQL is installed but initdb/pg_ctl were not found" >&2
      return 1
    }
  fi
  VEDETTA_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/vedetta-pg.XXXXXX")
  chmod 755 "$VEDETTA_PG_DIR"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$VEDETTA_PG_DIR"
  fi
  trap vedetta_pg_stop EXIT
  # A throwaway cluster: C locale (the store does not depend on it), no durability.
  vedetta_pg_as_owner "$VEDETTA_PG_BIN/initdb" -D "$VEDETTA_PG_DIR/data" -A trust \
    -U postgres -E UTF8 --no-locale >"$VEDETTA_PG_DIR/initdb.log" 2>&1 || {
    cat "$VEDETTA_PG_DIR/initdb.log" >&2
    return 1
  }
  local port started= base=$((20000 + RANDOM % 20000))
  for port in $(seq "$base" $((base + 49))); do
    # Skip a port something listens on; pg_ctl fails if another takes it meanwhile.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if vedetta_pg_as_owner "$VEDETTA_PG_BIN/pg_ctl" -D "$VEDETTA_PG_DIR/data" -w -t 60 \
      -l "$VEDETTA_PG_DIR/server.log" \
      -o "-p $port -k $VEDETTA_PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off \
          -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "could not start PostgreSQL:" >&2
    cat "$VEDETTA_PG_DIR/server.log" >&2 || true
    return 1
  fi
  "$VEDETTA_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$VEDETTA_PG_DIR" -p "$port" \
    -U postgres -d postgres \
    -c "CREATE ROLE vedetta LOGIN" -c "CREATE DATABASE vedetta_test OWNER vedetta"
  export VEDETTA_TEST_PG="postgres://vedetta@127.0.0.1:$port/vedetta_test"
  echo "$("$VEDETTA_PG_BIN/pg_ctl" --version) for the tests: $VEDETTA_TEST_PG"
}

vedetta_pg_start
