#!/usr/bin/env bash
# Builds and runs every cargo-fuzz target of fuzz/ for a bounded time, on the stable toolchain.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, every target)
#
# Not part of CI's default path (.ci/run): run it by hand; see docs/hardening.md.
#
# Stable Rust: `cargo fuzz` runs with `-s none` (no sanitizer: the address sanitizer needs
# nightly's -Zsanitizer, and safe Rust does not need it to find panics, overflows of the stack
# and runaway memory). libFuzzer's coverage instrumentation (-Cpasses=sancov-module,
# -Cllvm-args=-sanitizer-coverage-*) and `--cfg fuzzing` are stable flags, so nothing else is
# needed: no nightly, no RUSTC_BOOTSTRAP. Builds are release (-O), with the crates' own
# overflow behaviour (add -a for debug assertions: it rebuilds every dependency, ~20 min here).
#
# Regressions: fuzz/regressions/<target>/ holds every input that once crashed (fixed since, and
# a unit test of the owning crate); they are replayed before each target runs.
# Seeds: fuzz/seeds/<target> (checked in) are copied into the working corpus
# fuzz/corpus/<target> (not checked in). Crashes land in fuzz/artifacts/<target>/; minimise one
# with `cargo fuzz tmin -s none -O TARGET FILE`, fix it, and add it as a regression test of
# the owning crate.
#
# Output: one line per target in target/fuzz-report.txt (and on stdout): seconds, executions,
# executions per second, peak RSS (MB), corpus entries, new crash/oom/timeout artifacts, libFuzzer's status.
set -euo pipefail

secs="${1:-60}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

all=(seed_text jsonl html feed wikidata_line dictionary api_params pipeline)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

flags=(-s none -O)
# One job: the machine is shared. RSS limit per process; a 10 s per-input timeout.
lf=(-max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1)

echo "building ${#targets[@]} targets..." >&2
cargo fuzz build "${flags[@]}" >&2

report="$root/target/fuzz-report.txt"
mkdir -p "$root/target" logs
{
  echo "# scripts/fuzz.sh $secs  ($(date -u +%Y-%m-%dT%H:%M:%SZ), $(rustc --version))"
  printf '%-14s %6s %12s %7s %7s %7s %9s  %s\n' target seconds executions exec/s rss_mb corpus artifacts status
} >"$report"

total_new=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  if [ -d "seeds/$t" ]; then cp -n seeds/"$t"/* "corpus/$t/" 2>/dev/null || true; fi
  # Inputs that crashed once (fixed since) must pass: replayed once each, first.
  if [ -d "regressions/$t" ]; then
    cargo fuzz run "${flags[@]}" "$t" "regressions/$t" -- -runs=0 >"logs/$t.replay.log" 2>&1 ||
      { echo "$t: a fixed crash is back (fuzz/logs/$t.replay.log)" >&2; exit 1; }
  fi
  before=$(ls "artifacts/$t" | wc -l)
  log="logs/$t.log"
  set +e
  cargo fuzz run "${flags[@]}" "$t" "corpus/$t" -- "${lf[@]}" >"$log" 2>&1
  rc=$?
  set -e
  after=$(ls "artifacts/$t" | wc -l)
  new=$((after - before))
  total_new=$((total_new + new))
  stat() { awk -v k="stat::$1:" '$1 == k { v = $2 } END { print v }' "$log"; }
  execs=$(stat number_of_executed_units)
  persec=$(stat average_exec_per_sec)
  rss=$(stat peak_rss_mb)
  corpus=$(ls "corpus/$t" | wc -l)
  status=ok
  [ "$rc" -ne 0 ] && status="exit $rc: $(grep -m1 -E 'ERROR: libFuzzer|panicked at' "$log" | cut -c1-120)"
  printf '%-14s %6s %12s %7s %7s %7s %9s  %s\n' "$t" "$secs" "${execs:-?}" "${persec:-?}" \
    "${rss:-?}" "$corpus" "$new" "$status" >>"$report"
  tail -1 "$report"
done
echo "report: $report; logs: fuzz/logs/; new artifacts: $total_new" >&2
[ "$total_new" -eq 0 ]
