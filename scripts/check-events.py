#!/usr/bin/env python3
"""Check the event dictionaries (data/lang/<iso>/events/*.toml) against data/lang/EVENTS.md.

Usage:
    python3 scripts/check-events.py [--data data/lang] [--crosswalk FILE] [--lang en] [-q]

Standard library only (Python 3.11, tomllib). Exit status 1 when there is an error, 0
otherwise; notes (intended crosswalk deviations, patterns told apart only by the coder's
"specific patterns first" rule) are printed but do not fail.

Errors
  * a type file that is not <type>.toml with `type = "<TYPE>"` (one of the 16 PLOVER
    types), or keys other than `type` and `[[pattern]]`;
  * a pattern key not in EVENTS.md, or of the wrong TOML type (strings, lists of strings,
    booleans, a `[pattern.modes]` table of word lists);
  * an id not of the form <iso>.<type>.<name>, or used twice in a language;
  * empty or non-lowercase lemmas and words; a `pos` outside the 17 UD UPOS tags;
  * a slot (`actor`, `recipient`, frame `noun_actor` / `noun_recipient`) that is not
    subject, object, iobj, poss, amod, of, or a preposition (lowercase words);
  * `complement` other than "self"/"event"; `recipient_from_complement` without
    `complement = "self"`;
  * a `cameo` that is not 2-4 digits, or whose crosswalk type (the code, else its 3-digit,
    else its 2-digit parent; CAMEO 02x appeals are REQUEST like the parallel 10x) is not
    the file's type, unless the deviation is one we intend (INTENDED below: reported);
  * two patterns of different types on the same (lemma, UPOS) with the same `object` and
    `particle` constraints that nothing separates: neither a `with` word excluded by the
    other's `without`, nor disjoint `with` lists, nor disjoint sets of required words
    (object + particle + with), nor one of them being specific (object, particle or with)
    while the other is not (that case is a note: the coder tries specific patterns first);
  * frame.toml keys not in EVENTS.md nor in the coder's FrameWords (crates/coding/src/
    lexicon.rs), values of the wrong type.
"""

import argparse
import os
import re
import sys
import tomllib

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
UPOS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
        "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"}
NAMED_SLOTS = {"subject", "object", "iobj", "poss", "amod", "of"}
PATTERN_KEYS = {
    "id": "str", "lemmas": "list", "pos": "list", "cameo": "str", "mode": "str",
    "context": "list", "object": "list", "particle": "list", "with": "list",
    "without": "list", "actor": "list", "recipient": "list", "reciprocal": "bool",
    "needs_recipient": "bool", "complement": "str", "recipient_from_complement": "bool",
    "modes": "table",
}
FRAME_KEYS_SPEC = {  # EVENTS.md
    "light_verbs": "list", "reporting": "list", "negators": "list",
    "hypothetical_aux": "list", "future_aux": "list", "future_governors": "list",
    "hypothetical_governors": "list", "negative_governors": "list",
    "hypothetical_words": "list", "future_words": "list", "background_preps": "list",
    "conditional_marks": "list", "reportive_conditional": "bool",
}
FRAME_KEYS_CODER = {  # crates/coding/src/lexicon.rs FrameWords, beyond EVENTS.md
    "temporal_marks": "list", "noun_actor": "list", "noun_recipient": "list",
    "of_preps": "list", "agent_preps": "list", "between_preps": "list",
}

# Deviations from the crosswalk we intend: (CAMEO prefix, type) -> why. Our gold follows
# the PLOVER 2021 manual and shared/gold/ANNOTATION.md where they differ from a line of
# CAMEO2PLOVER-2021.
INTENDED = {
    ("057", "AGREE"): "signing/ratifying agreements is AGREE in our gold (crosswalk SUPPORT)",
    ("084", "CONCEDE"): "releasing persons/property is CONCEDE in our gold (crosswalk RETREAT)",
    ("085", "CONCEDE"): "lifting sanctions is CONCEDE in our gold (crosswalk RETREAT)",
    ("086", "CONCEDE"): "allowing access / reopening crossings is CONCEDE (crosswalk RETREAT)",
    ("0871", "CONCEDE"): "a unilateral ceasefire is CONCEDE in our gold (crosswalk RETREAT)",
    ("0813", "CONCEDE"): "easing a curfew is CONCEDE in our gold (crosswalk RETREAT)",
    ("0814", "CONCEDE"): "easing a state of emergency is CONCEDE (crosswalk RETREAT)",
    ("0831", "RETREAT"): "resignations are RETREAT in our gold (crosswalk CONCEDE)",
    ("163", "SANCTION"): "sanctions and embargoes are SANCTION in our gold (crosswalk COERCE)",
    ("175", "COERCE"): "violent repression is COERCE|ASSAULT in our gold (crosswalk ASSAULT)",
}

ID_RE = re.compile(r"^[a-z]{2,3}\.[a-z]+\.[a-z0-9_]+$")
SLOT_RE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ '])*$")


class Report:
    def __init__(self, quiet):
        self.errors = 0
        self.notes = 0
        self.quiet = quiet

    def error(self, where, msg):
        self.errors += 1
        print(f"error: {where}: {msg}")

    def note(self, where, msg):
        self.notes += 1
        if not self.quiet:
            print(f"note: {where}: {msg}")


def read_crosswalk(path):
    """code -> set of PLOVER types (a 2-digit root can have two: 08 CONCEDE / RETREAT)."""
    table = {}
    line_re = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Za-z]+)")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.lstrip().startswith("#"):
                continue
            m = line_re.match(line)
            if m:
                table.setdefault(m.group(1), set()).add(m.group(2).upper())
    return table


def crosswalk_types(code, xw):
    """Types the crosswalk gives a code (its nearest listed ancestor)."""
    if code.startswith("02"):
        code = "10" + code[2:]
    if code.startswith("01"):
        return set(), code
    for k in (code, code[:3], code[:2]):
        if k in xw:
            return xw[k], k
    return set(), code


def intended(code, ty):
    for n in (4, 3):
        if (code[:n], ty) in INTENDED:
            return INTENDED[(code[:n], ty)]
    return None


def line_of(text, key_id):
    """1-based line of `id = "key_id"` in text."""
    i = text.find(f'"{key_id}"')
    return text.count("\n", 0, i) + 1 if i >= 0 else 1


def check_words(rep, where, key, v, lower=True):
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        rep.error(where, f"{key} must be a list of strings")
        return []
    for w in v:
        if not w.strip() or w != w.strip():
            rep.error(where, f"{key}: empty or padded word {w!r}")
        elif lower and w != w.lower():
            rep.error(where, f"{key}: {w!r} is not lowercase (the coder compares lowercase lemmas)")
    return v


def check_slots(rep, where, key, v):
    for s in v:
        if s in NAMED_SLOTS:
            continue
        if not SLOT_RE.match(s) or s != s.lower():
            rep.error(where, f"{key}: unknown slot {s!r} (subject, object, iobj, poss, amod, of, "
                             "or a lowercase preposition)")


def coder_frame_fields(root):
    """Field names of FrameWords in crates/coding/src/lexicon.rs, when present."""
    p = os.path.join(root, "crates", "coding", "src", "lexicon.rs")
    if not os.path.exists(p):
        return None
    src = open(p, encoding="utf-8").read()
    m = re.search(r"pub struct FrameWords\s*\{(.*?)\n\}", src, re.S)
    if not m:
        return None
    return set(re.findall(r"pub (\w+):", m.group(1)))


def check_frame(rep, path, lang, coder_fields):
    try:
        with open(path, "rb") as f:
            d = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        rep.error(path, f"TOML: {e}")
        return
    known = dict(FRAME_KEYS_SPEC)
    known.update(FRAME_KEYS_CODER)
    for k, v in d.items():
        if k not in known:
            rep.error(path, f"unknown frame key {k!r}")
            continue
        if k in FRAME_KEYS_CODER:
            if coder_fields is not None and k not in coder_fields:
                rep.error(path, f"frame key {k!r} is neither in EVENTS.md nor in the coder's FrameWords")
            else:
                rep.note(path, f"frame key {k!r} is read by the coder (FrameWords) but not documented in EVENTS.md")
        if known[k] == "bool":
            if not isinstance(v, bool):
                rep.error(path, f"{k} must be true or false")
        else:
            check_words(rep, f"{path}: {k}", k, v)
            if k in ("noun_actor", "noun_recipient"):
                check_slots(rep, path, k, v)
    if coder_fields is not None:
        for k in sorted(set(FRAME_KEYS_SPEC) - coder_fields):
            rep.note(path, f"EVENTS.md frame key {k!r} is not (yet) a field of the coder's FrameWords")


def separation(a, b):
    """How two patterns on the same predicate are told apart, or None."""
    pa, pb = set(a["particle"]), set(b["particle"])
    if pa and pb and not pa & pb:
        return "particle"
    oa, ob = set(a["object"]), set(b["object"])
    if oa and ob and not oa & ob:
        return "object"
    wa, wb = set(a["with"]), set(b["with"])
    if wa & set(b["without"]) or wb & set(a["without"]):
        return "with/without"
    if wa and wb and not wa & wb:
        return "with"
    # words each needs among the predicate's dependents (object, particle, with): two
    # disjoint non-empty sets need two different dependents at once, which we accept
    ca, cb = oa | pa | wa, ob | pb | wb
    if ca and cb and not ca & cb:
        return "constraint words"
    spec_a = bool(oa or pa or wa)
    spec_b = bool(ob or pb or wb)
    if spec_a != spec_b:
        return "specific first"
    return None


def check_lang(rep, lang_dir, lang, xw, coder_fields, counts):
    ev = os.path.join(lang_dir, "events")
    if not os.path.isdir(ev):
        rep.error(ev, "no events/ directory")
        return
    ids = {}
    pats = []
    for name in sorted(os.listdir(ev)):
        path = os.path.join(ev, name)
        if not name.endswith(".toml"):
            continue
        if name == "frame.toml":
            check_frame(rep, path, lang, coder_fields)
            continue
        text = open(path, encoding="utf-8").read()
        try:
            d = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            rep.error(path, f"TOML: {e}")
            continue
        for k in d:
            if k not in ("type", "pattern"):
                rep.error(path, f"unknown key {k!r} (a type file has `type` and [[pattern]])")
        ty = d.get("type")
        if not isinstance(ty, str) or ty.upper() not in TYPES:
            rep.error(path, f"type {ty!r} is not a PLOVER type")
            continue
        ty = ty.upper()
        if name != ty.lower() + ".toml":
            rep.error(path, f"a file of {ty} patterns must be named {ty.lower()}.toml")
        plist = d.get("pattern", [])
        if not isinstance(plist, list):
            rep.error(path, "`pattern` must be an array of tables ([[pattern]])")
            continue
        counts[(lang, ty)] = len(plist)
        starts = [i + 1 for i, l in enumerate(text.split("\n")) if l.strip() == "[[pattern]]"]
        for n, p in enumerate(plist):
            pid = p.get("id", "?")
            ln = starts[n] if n < len(starts) else line_of(text, pid)
            where = f"{path}:{ln} ({pid})"
            for k, v in p.items():
                kind = PATTERN_KEYS.get(k)
                if kind is None:
                    rep.error(where, f"unknown key {k!r}")
                elif kind == "str" and not isinstance(v, str):
                    rep.error(where, f"{k} must be a string")
                elif kind == "bool" and not isinstance(v, bool):
                    rep.error(where, f"{k} must be true or false")
                elif kind == "list":
                    check_words(rep, where, k, v, lower=k not in ("pos",))
                elif kind == "table":
                    if not isinstance(v, dict):
                        rep.error(where, "modes must be a table of word lists")
                    else:
                        for mk, mv in v.items():
                            check_words(rep, where, f"modes.{mk}", mv)
            for req in ("id", "lemmas", "cameo"):
                if req not in p:
                    rep.error(where, f"missing {req}")
            if not isinstance(pid, str) or not ID_RE.match(pid):
                rep.error(where, f"id {pid!r} is not <iso>.<type>.<name>")
            else:
                iso, tname, _ = pid.split(".", 2)
                if iso != lang or tname != ty.lower():
                    rep.error(where, f"id {pid!r} should start with {lang}.{ty.lower()}.")
                if pid in ids:
                    rep.error(where, f"id {pid!r} already used at {ids[pid]}")
                ids[pid] = where
            if not p.get("lemmas"):
                rep.error(where, "lemmas must be a non-empty list")
            for u in p.get("pos", []):
                if u not in UPOS:
                    rep.error(where, f"unknown UPOS {u!r}")
            for key in ("actor", "recipient"):
                if isinstance(p.get(key), list):
                    check_slots(rep, where, key, p[key])
            comp = p.get("complement")
            if comp is not None and comp not in ("self", "event"):
                rep.error(where, f"complement must be \"self\" or \"event\", not {comp!r}")
            if p.get("recipient_from_complement") and comp != "self":
                rep.error(where, "recipient_from_complement needs complement = \"self\"")
            if p.get("object") and "object" in p.get("recipient", []):
                rep.note(where, "`object` is required, so the object is not the recipient: "
                                "the \"object\" recipient slot is unused")
            cameo = p.get("cameo", "")
            if not (isinstance(cameo, str) and 2 <= len(cameo) <= 4 and cameo.isdigit()):
                rep.error(where, f"cameo {cameo!r} is not a CAMEO code (2-4 digits)")
            else:
                xts, at = crosswalk_types(cameo, xw)
                if not xts:
                    rep.error(where, f"cameo {cameo} has no PLOVER type in the crosswalk")
                elif ty not in xts:
                    why = intended(cameo, ty)
                    if why:
                        rep.note(where, f"cameo {cameo} is {'/'.join(sorted(xts))} in the crosswalk, "
                                        f"{ty} here (intended: {why})")
                    else:
                        rep.error(where, f"cameo {cameo} is {'/'.join(sorted(xts))} in the crosswalk "
                                         f"(via {at}), not {ty}")
            pats.append({
                "id": pid, "type": ty, "where": where,
                "lemmas": [l.lower() for l in p.get("lemmas", []) if isinstance(l, str)],
                "pos": set(p.get("pos") or ["VERB"]),
                "object": [w.lower() for w in p.get("object", [])],
                "particle": [w.lower() for w in p.get("particle", [])],
                "with": [w.lower() for w in p.get("with", [])],
                "without": [w.lower() for w in p.get("without", [])],
            })
    # conflicting types on the same predicate
    by_lemma = {}
    for p in pats:
        for l in set(p["lemmas"]):
            by_lemma.setdefault(l, []).append(p)
    seen = set()
    for lemma in sorted(by_lemma):
        lst = by_lemma[lemma]
        for i in range(len(lst)):
            for j in range(i + 1, len(lst)):
                a, b = lst[i], lst[j]
                if a["type"] == b["type"] or not (a["pos"] & b["pos"]):
                    continue
                key = (a["id"], b["id"])
                if key in seen:
                    continue
                seen.add(key)
                how = separation(a, b)
                if how is None:
                    rep.error(b["where"], f"{lemma!r}: {b['type']} here and {a['type']} in {a['id']} "
                                          "on the same predicate with nothing to tell them apart "
                                          "(add with/without/object)")
                elif how == "specific first":
                    rep.note(b["where"], f"{lemma!r}: {b['type']} here, {a['type']} in {a['id']}: "
                                         "told apart only by the coder trying specific patterns first")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description="Check data/lang/<iso>/events/ (EVENTS.md).")
    ap.add_argument("--data", default=os.path.join(root, "data", "lang"))
    ap.add_argument("--crosswalk",
                    default="/work/shared/train/dict/plover/CAMEO2PLOVER-2021.txt")
    ap.add_argument("--lang", action="append", help="only these languages (repeatable)")
    ap.add_argument("-q", "--quiet", action="store_true", help="errors and totals only")
    a = ap.parse_args()
    if not os.path.exists(a.crosswalk):
        sys.exit(f"check-events: no crosswalk at {a.crosswalk} (--crosswalk)")
    xw = read_crosswalk(a.crosswalk)
    coder_fields = coder_frame_fields(root)
    rep = Report(a.quiet)
    langs = a.lang or sorted(d for d in os.listdir(a.data)
                             if os.path.isdir(os.path.join(a.data, d, "events")))
    counts = {}
    for lang in langs:
        check_lang(rep, os.path.join(a.data, lang), lang, xw, coder_fields, counts)
    print()
    print("patterns per type: " + "  ".join(f"{l}" for l in langs))
    for ty in TYPES:
        print(f"  {ty.lower():10}" + "".join(f"{counts.get((l, ty), 0):5}" for l in langs))
    print(f"  {'total':10}" + "".join(f"{sum(v for (l2, _), v in counts.items() if l2 == l):5}"
                                      for l in langs))
    print(f"{rep.errors} errors, {rep.notes} notes")
    sys.exit(1 if rep.errors else 0)


if __name__ == "__main__":
    main()
