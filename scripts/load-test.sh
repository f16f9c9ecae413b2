#!/usr/bin/env bash
# Load test of the HTTP API: wrk (or oha) from a second process on loopback hits a mix of
# the dashboard's endpoints with 64 connections while `vedetta ingest` adds new documents to
# the same SQLite store. Bounded in time (every step has a timeout). Reports requests/s, p50
# and p99, the error count (non-2xx and socket errors: must be 0) and checks that no write
# was lost (documents after = before + the new documents stored).
#
#   scripts/load-test.sh                      # a fresh store of $BASE_DOCS generated documents
#   scripts/load-test.sh --db big.db          # on a copy of an existing store (left as it is)
#
# Options (or environment): --db SRC (copied first; default: build one), --base-docs N
# (BASE_DOCS, default 3000: the fresh store), --new-docs N (NEW_DOCS, default 3000: ingested
# during the load, seed 2 so ids differ), --conns N (CONNS, 64), --secs N (SECS, 60),
# --port N (PORT, 18777), --work DIR (WORK: where the copy and logs go; default a temporary
# folder, removed at the end unless KEEP=1). VEDETTA: the binary (default
# ${CARGO_TARGET_DIR:-target}/release/vedetta; build it first with cargo build --release).
# Needs wrk (apt-get install wrk) or oha (cargo install oha), and curl.
#
# Exit status: 0 when there was no error and no lost write, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

SRC=""
BASE_DOCS=${BASE_DOCS:-3000}
NEW_DOCS=${NEW_DOCS:-3000}
CONNS=${CONNS:-64}
SECS=${SECS:-60}
PORT=${PORT:-18777}
WORK=${WORK:-}
KEEP=${KEEP:-0}
VEDETTA=${VEDETTA:-${CARGO_TARGET_DIR:-target}/release/vedetta}
while [ $# -gt 0 ]; do
  case "$1" in
    --db) SRC=$2; shift 2 ;;
    --base-docs) BASE_DOCS=$2; shift 2 ;;
    --new-docs) NEW_DOCS=$2; shift 2 ;;
    --conns) CONNS=$2; shift 2 ;;
    --secs) SECS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

[ -x "$VEDETTA" ] || { echo "build first: cargo build --release (no $VEDETTA)" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }
if command -v wrk >/dev/null; then TOOL=wrk
elif command -v oha >/dev/null; then TOOL=oha
else echo "wrk or oha is needed (apt-get install wrk, or cargo install oha)" >&2; exit 2; fi

if [ -z "$WORK" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedetta-load.XXXXXX")
  [ "$KEEP" = 1 ] || CLEAN=$WORK
fi
mkdir -p "$WORK"
DB="$WORK/load.db"
SERVER_PID=""
INGEST_PID=""
cleanup() {
  # Only the processes this script started, by their ids.
  [ -n "$INGEST_PID" ] && kill "$INGEST_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${CLEAN:-}" ] && rm -rf "$CLEAN"
  return 0
}
trap cleanup EXIT

say() { echo "== $*" >&2; }

# 1. The store under test.
if [ -n "$SRC" ]; then
  say "copying $SRC"
  [ -f "$SRC" ] || { echo "no database $SRC" >&2; exit 2; }
  rm -f "$DB" "$DB-wal" "$DB-shm"
  cp "$SRC" "$DB"
  [ -f "$SRC-wal" ] && cp "$SRC-wal" "$DB-wal"
else
  say "building a store of $BASE_DOCS documents"
  timeout 1800 "$VEDETTA" generate --docs "$BASE_DOCS" --seed 1 --out "$WORK/base.jsonl"
  timeout 1800 "$VEDETTA" ingest --db "$DB" "$WORK/base.jsonl" >"$WORK/base-ingest.log" 2>&1
fi
# New documents: another seed, so other ids.
timeout 600 "$VEDETTA" generate --docs "$NEW_DOCS" --seed 2 --out "$WORK/new.jsonl"

# 2. The server.
BASE="http://127.0.0.1:$PORT"
"$VEDETTA" serve --db "$DB" --bind "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "$BASE/api/health" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.log" >&2; exit 1; }
  sleep 0.5
done
docs_now() { curl -sf --max-time 60 "$BASE/api/health" | sed -n 's/.*"documents":\([0-9]*\).*/\1/p'; }
BEFORE=$(docs_now)
[ -n "$BEFORE" ] || { echo "the server does not answer /api/health" >&2; exit 1; }
DOC_ID=$(curl -sf "$BASE/api/events?limit=1" | sed -n 's/.*"doc_id":"\([^"]*\)".*/\1/p')
say "documents before: $BEFORE; sample document: $DOC_ID"

# The mix: the dashboard's views.
PATHS=(
  "/api/events?limit=50"
  "/api/events?limit=50&dyad=RUS-UKR"
  "/api/events?limit=50&q=sanctions"
  "/api/events?limit=50&from=2024-05&to=2024-05"
  "/api/series?by=week&dyad=RUS-UKR"
  "/api/series?by=month"
  "/api/network?from=2024-05&to=2024-05"
  "/api/network"
  "/api/alerts"
  "/api/stories?from=2024-05&to=2024-05"
  "/api/documents/$DOC_ID"
  "/api/actors?q=ru"
  "/api/health"
)
for p in "${PATHS[@]}"; do
  code=$(curl -s -o /dev/null --max-time 120 -w '%{http_code}' "$BASE$p")
  [ "$code" = 200 ] || { echo "$p answers $code before the load" >&2; exit 1; }
done

# 3. Ingest and load at once.
say "ingesting $NEW_DOCS new documents while $TOOL hits the API ($CONNS connections, ${SECS}s)"
timeout 1800 "$VEDETTA" ingest --db "$DB" "$WORK/new.jsonl" >"$WORK/ingest.log" 2>&1 &
INGEST_PID=$!
START=$(date +%s)
if [ "$TOOL" = wrk ]; then
  {
    echo "local paths = {"
    for p in "${PATHS[@]}"; do echo "  \"$p\","; done
    echo "}"
    cat <<'LUA'
local i = 0
init = function(args) i = math.random(#paths) end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
  } >"$WORK/mix.lua"
  timeout $((SECS + 120)) wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 60s --latency \
    -s "$WORK/mix.lua" "$BASE" >"$WORK/load.txt" 2>&1
  RPS=$(awk '/^Requests\/sec/{print $2}' "$WORK/load.txt")
  P50=$(awk '$1=="50%"{print $2}' "$WORK/load.txt")
  P99=$(awk '$1=="99%"{print $2}' "$WORK/load.txt")
  TOTAL=$(awk '/requests in/{print $1}' "$WORK/load.txt")
  NON2XX=$(awk -F': *' '/Non-2xx/{print $2}' "$WORK/load.txt")
  SOCKERR=$(awk '/Socket errors/{gsub(",", ""); print $4 + $6 + $8 + $10}' "$WORK/load.txt")
  ERRORS=$(( ${NON2XX:-0} + ${SOCKERR:-0} ))
else
  # oha takes one URL: the mix is the slowest and the commonest views in turn, ${SECS}/4 s each.
  ERRORS=0; RPS=""; P50=""; P99=""; TOTAL=0
  : >"$WORK/load.txt"
  for p in "/api/events?limit=50" "/api/series?by=month" "/api/alerts" "/api/stories?from=2024-05&to=2024-05"; do
    timeout $((SECS + 120)) oha --no-tui -c "$CONNS" -z "$((SECS / 4))s" --output-format json "$BASE$p" \
      >"$WORK/oha.json" 2>&1
    cat "$WORK/oha.json" >>"$WORK/load.txt"
    read -r rps p50 p99 ok all < <(python3 - "$WORK/oha.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
codes = d.get("statusCodeDistribution", {})
ok = sum(v for k, v in codes.items() if k.startswith("2"))
allr = sum(codes.values()) + sum(d.get("errorDistribution", {}).values())
lp = d["latencyPercentiles"]
print(d["summary"]["requestsPerSec"], lp["p50"] * 1000, lp["p99"] * 1000, ok, allr)
PY
)
    echo "$p: $rps req/s, p50 ${p50} ms, p99 ${p99} ms" >&2
    ERRORS=$((ERRORS + all - ok)); TOTAL=$((TOTAL + all)); RPS="$RPS $rps"; P99="$P99 ${p99}ms"
  done
fi
LOAD_END=$(date +%s)
say "load done in $((LOAD_END - START)) s; waiting for the ingest"
if ! wait "$INGEST_PID"; then
  INGEST_PID=""
  echo "the ingest failed:" >&2; tail -5 "$WORK/ingest.log" >&2; exit 1
fi
INGEST_PID=""
INGEST_END=$(date +%s)
STORED=$(sed -n 's/^stored \([0-9]*\) documents.*/\1/p' "$WORK/ingest.log" | tail -1)
AFTER=$(docs_now)
# Nothing of the load may be lost: every new document is stored and seen by the server.
LOST=$(( BEFORE + NEW_DOCS - AFTER ))

echo
echo "load test: $TOOL, $CONNS connections, ${SECS} s, while ingesting $NEW_DOCS documents"
echo "  requests:        ${TOTAL}"
echo "  requests/s:      ${RPS}"
echo "  latency p50:     ${P50}"
echo "  latency p99:     ${P99}"
echo "  errors:          ${ERRORS} (non-2xx ${NON2XX:-0}, socket ${SOCKERR:-0})"
echo "  ingest:          $(tail -1 "$WORK/ingest.log")"
echo "  ingest wall:     $((INGEST_END - START)) s (load ${SECS} s)"
echo "  documents:       before ${BEFORE}, stored ${STORED:-?}, after ${AFTER} (lost: ${LOST})"
grep -i "locked\|busy" "$WORK/serve.log" >&2 && echo "  the server logged lock errors" >&2
[ "$KEEP" = 1 ] && echo "  work folder:     $WORK"
if [ "$ERRORS" -ne 0 ] || [ "$LOST" -ne 0 ] || [ "${STORED:-0}" -ne "$NEW_DOCS" ]; then
  echo "FAILED" >&2
  exit 1
fi
echo "ok"
