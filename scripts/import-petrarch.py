#!/usr/bin/env python3
"""First draft of English event patterns from the PETRARCH2 verb dictionary.

Usage:
    python3 scripts/import-petrarch.py \
        [--cameo /work/shared/train/dict/petrarch2/CAMEO.2.0.txt] \
        [--crosswalk /work/shared/train/dict/plover/CAMEO2PLOVER-2021.txt] \
        [--out /tmp/petrarch-draft]

Reads the PETRARCH2 CAMEO verb dictionary (CAMEO.2.0.txt, MIT licence, Open Event Data
Alliance) and the CAMEO -> PLOVER 2021 crosswalk (CAMEO2PLOVER-2021.txt) and writes
<out>/<type>.toml, one file per PLOVER type, in the pattern format of data/lang/EVENTS.md
(lemma + UPOS on a UD parse), plus <out>/DROPPED.txt (every PETRARCH line not mapped, with
the reason) and <out>/SUMMARY.txt (counts). Standard library only; the output depends only
on the two input files (same input, same bytes).

This is a DRAFT for a human curator: the curated files are data/lang/en/events/*.toml.

What is mapped
  * Each verb of a verb block ("--- NAME [CODE] ---" followed by verb lines) with a code of
    its own or of its block -> one pattern per (verb lemma, CAMEO code): `lemmas = [verb]`.
    Irregular forms in {...} are dropped (the parser lemmatises). A few inflected entries
    (FORGAVE, SAW, LOST...) are mapped to their lemma; entries ending in -ION, -MENT,
    -ENCE, -ANCE and CRACKDOWN are given pos NOUN.
  * Multi-word verbs "+VERB_WORD": WORD a particle (off, up, down, out, back, away, over,
    in, aside, forth, together, apart, around) -> `particle`; a preposition -> `recipient`
    (the recipient is in that prepositional phrase); a noun -> `object` ("+WAGE_WAR").
  * Pattern lines "- pre * post [CODE] # VERB": one pattern per line, on the verb(s) named
    in the comment (all verbs of the block when the comment names none of them):
      - a bare noun or a synset (&MILITARY) after the verb -> `object` (synset members
        that are single words; plural nouns keep both the plural and a singular guess);
      - a particle word right after the verb (OFF, UP, OUT...) -> `particle`;
      - "(PREP)", "(PREP +)", "(PREP ^)" -> `recipient = [prep]`; "(PREP $)" -> `actor`;
      - "(PREP NOUN)" / "(PREP &SYN)" -> `with = [noun...]` (the noun must be a dependent
        of the predicate; the preposition itself cannot be required: noted in the comment);
      - nouns before the verb (the subject, "&MILITARY *") -> `with` as well;
      - "[a:b]" codes -> the source-to-target code a; reciprocal when a == b.
  * Codes: the crosswalk gives the type (and `mode` when it has one). CAMEO 02x appeals
    have no crosswalk line: they are coded as the parallel 10x demands (REQUEST, 020 ->
    100, 0231 -> 1031...). A code missing from the crosswalk takes the type of its
    3-digit, then 2-digit, parent.

What is dropped (listed line by line in DROPPED.txt)
  * null codes ("[---]", used by PETRARCH to block a reading) and codes with no
    source-to-target part ("[:173]": only a target-to-source event);
  * CAMEO 01x public statements (no PLOVER type) and codes not in the crosswalk (903...);
  * noun phrases with modifiers "{HUMANITARIAN AID}" (as object or inside a
    prepositional phrase): the format can only require the lemma of the object or of a
    direct dependent of the predicate, not a modifier of the object;
  * more than one noun group after the verb, or more than one noun constraint for `with`
    (the format has one `with` list, satisfied by any one of its words);
  * prepositional phrases before the verb, the compound marker "%" and a bare "$";
  * compound words inside patterns ("DEBT_RELIEF") and multi-word synset members;
  * multi-word verbs that are not verb + one particle/preposition/noun ("+SET_IN_MOTION",
    "+KILLED_AND", "RE_+ARREST", "+ANGERED_BY");
  * the verb transformations ("~ a (a b ATTACK) SAY = ...").
"""

import argparse
import collections
import json
import os
import re
import sys

PARTICLES = {"off", "up", "down", "out", "back", "away", "over", "in", "aside", "forth",
             "together", "apart", "around", "forward"}
PREPS = {"with", "to", "into", "at", "for", "on", "against", "about", "after", "from",
         "upon", "of", "between", "toward", "towards", "among", "onto", "over", "behind",
         "before", "under", "near", "across", "through", "within", "outside", "around"}
ARTICLES = {"a", "an", "the"}
INFLECTED = {"forgave": "forgive", "forgiven": "forgive", "saw": "see", "burnt": "burn",
             "losing": "lose", "lost": "lose", "understood": "understand",
             "worried": "worry", "deterring": "deter", "dispelling": "dispel",
             "touring": "tour", "overthrew": "overthrow"}
NOUN_SUFFIXES = ("ion", "ment", "ence", "ance")
NOUN_WORDS = {"crackdown"}


def die(msg):
    sys.exit(f"import-petrarch: {msg}")


# ---------------------------------------------------------------- crosswalk

def read_crosswalk(path):
    """code -> (TYPE, mode, [contexts]); 2-digit roots too (the later line wins)."""
    table = {}
    line_re = re.compile(r"^\s*(\d{2,4})\s*:\s*([A-Za-z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?")
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.lstrip().startswith("#"):
                continue
            m = line_re.match(line)
            if not m:
                continue
            code, ty, mode, ctx = m.group(1), m.group(2).upper(), m.group(3), m.group(4)
            mode = (mode or "").strip()
            contexts = [c.strip() for c in (ctx or "").split(";") if c.strip()]
            if code not in table or len(code) > 2:
                table[code] = (ty, mode, contexts)
            else:
                # duplicated 2-digit root (08: CONCEDE / RETREAT): keep the first; the
                # 3-digit lines decide
                pass
    return table


def map_code(raw, xwalk):
    """A PETRARCH code -> (cameo, TYPE, mode, note) or (None, reason)."""
    code = raw.strip().rstrip("!")
    if ":" in code:
        first, second = code.split(":", 1)
        if not first:
            return None, "target-to-source code only ([:x])"
        code = first
    if code in ("---", ""):
        return None, "null code [---]"
    if not code.isdigit() or not 2 <= len(code) <= 4:
        return None, f"not a CAMEO code [{raw}]"
    note = ""
    if code.startswith("01"):
        return None, "CAMEO 01x public statement (no PLOVER type)"
    if code.startswith("02"):
        new = "10" + code[2:]
        note = f"CAMEO {code} appeal coded as the parallel demand {new}"
        code = new
    for k in (code, code[:3], code[:2]):
        if k in xwalk:
            ty, mode, ctx = xwalk[k]
            if k != code:
                note = (note + "; " if note else "") + f"type of parent {k}"
                mode = mode if len(k) > 2 else ""
            return (code, ty, mode, note), None
    return None, f"code {code} not in the crosswalk"


# ---------------------------------------------------------------- dictionary

def read_synsets(lines):
    syn = {}
    cur = None
    for ln, line in lines:
        s = line.split("#")[0].rstrip()
        if s.startswith("####### VERB PATTERNS"):
            break
        if s.startswith("&"):
            cur = s.strip().rstrip("_")
            syn[cur] = []
        elif s.startswith("+") and cur:
            syn[cur].append(s[1:].strip())
        elif s.strip():
            cur = None
    return syn


def synset_words(name, syn):
    """Single-word members of a synset, lowercase, in file order, deduplicated."""
    out = []
    for t in syn.get(name, []):
        t = t.rstrip("_").lower()
        if "_" in t or " " in t or not t:
            continue
        if t not in out:
            out.append(t)
    return out


def singular(w):
    if w.endswith("selves") or w.endswith("ves"):
        return w
    if len(w) <= 4 and w.endswith("ies"):
        return w[:-1]                      # ties -> tie, lies -> lie
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith(("ss", "us", "is", "ns")) and not w.endswith("ions"):
        return w
    if len(w) > 3 and w.endswith("s"):
        return w[:-1]
    return w


def noun_lemmas(w):
    w = w.lower()
    s = singular(w)
    return [s] if s == w else [s, w]


def tokenize(body):
    """Groups: ('word', W), ('np', [words]), ('pp', prep, [elements])."""
    toks = []
    i, n = 0, len(body)
    while i < n:
        c = body[i]
        if c.isspace():
            i += 1
            continue
        if c == "(":
            j = body.find(")", i)
            if j < 0:
                raise ValueError("unbalanced (")
            inner = body[i + 1:j]
            sub = tokenize(inner)
            if not sub or sub[0][0] != "word":
                raise ValueError("prepositional phrase without a preposition")
            toks.append(("pp", sub[0][1], sub[1:]))
            i = j + 1
            continue
        if c == "{":
            j = body.find("}", i)
            if j < 0:
                raise ValueError("unbalanced {")
            toks.append(("np", body[i + 1:j].split()))
            i = j + 1
            continue
        j = i
        while j < n and not body[j].isspace() and body[j] not in "({":
            j += 1
        toks.append(("word", body[i:j]))
        i = j
    return toks


class Drop(Exception):
    pass


def noun_group(elem, syn):
    """A word or synset -> lemma list; raises Drop otherwise."""
    kind = elem[0]
    if kind == "np":
        raise Drop("noun phrase with modifiers {...}")
    if kind == "pp":
        raise Drop("nested prepositional phrase")
    w = elem[1]
    if w.startswith("&"):
        name = w.rstrip("_")
        if name not in syn:
            raise Drop(f"undefined synset {w}")
        words = synset_words(name, syn)
        if not words:
            raise Drop(f"synset {w} has only multi-word members")
        return words
    if "_" in w.strip("_"):
        raise Drop(f"compound word {w}")
    if not re.fullmatch(r"[A-Za-z][A-Za-z'\-]*_?", w):
        raise Drop(f"unusable token {w}")
    return noun_lemmas(w.rstrip("_"))


def parse_pattern(body, syn):
    """'pre * post' -> dict of keys; raises Drop."""
    if body.count("*") != 1:
        raise Drop("no single verb marker *")
    pre_s, post_s = body.split("*")
    try:
        pre, post = tokenize(pre_s), tokenize(post_s)
    except ValueError as e:
        raise Drop(str(e))
    keys = {"object": [], "particle": [], "with": [], "recipient": [], "actor": []}
    notes = []
    with_groups = []
    for el in pre:
        if el[0] == "pp":
            raise Drop("prepositional phrase before the verb")
        if el[0] == "word" and el[1] in ("+", "$", "^"):
            continue
        if el[0] == "word" and el[1] == "%":
            raise Drop("compound marker %")
        if el[0] == "word" and el[1].lower() in ARTICLES:
            continue
        with_groups.append((noun_group(el, syn), "subject noun"))
    obj_groups = []
    seen_noun = False
    for el in post:
        if el[0] == "word":
            w = el[1]
            if w == "%":
                raise Drop("compound marker %")
            if w in ("^",):
                continue
            if w == "+":
                continue  # the target is the object: the default recipient of a verb
            if w == "$":
                raise Drop("bare source marker $ after the verb")
            if w.lower() in ARTICLES:
                continue
            if w.lower() in PARTICLES and not seen_noun and not obj_groups:
                keys["particle"].append(w.lower())
                continue
            seen_noun = True
            obj_groups.append(noun_group(el, syn))
        elif el[0] == "np":
            raise Drop("noun phrase with modifiers {...}")
        else:
            prep = el[1].lower()
            rest = [e for e in el[2] if not (e[0] == "word" and e[1].lower() in ARTICLES)]
            marks = [e for e in rest if e[0] == "word" and e[1] in ("+", "^", "$")]
            nouns = [e for e in rest if e not in marks]
            if not re.fullmatch(r"[a-z][a-z\-]*", prep):
                raise Drop(f"preposition {el[1]} is not a word")
            if not nouns:
                if any(m[1] == "$" for m in marks):
                    keys["actor"].append(prep)
                else:
                    keys["recipient"].append(prep)
                continue
            if len(nouns) > 1:
                raise Drop("prepositional phrase with more than one noun")
            with_groups.append((noun_group(nouns[0], syn), f"({prep} ...)"))
            if any(m[1] in ("+", "^") for m in marks):
                keys["recipient"].append(prep)
    if len(obj_groups) > 1:
        raise Drop("more than one noun group after the verb")
    if obj_groups:
        keys["object"] = obj_groups[0]
    if len(with_groups) > 1:
        raise Drop("more than one noun constraint (one `with` list only)")
    if with_groups:
        keys["with"] = with_groups[0][0]
        if with_groups[0][1] != "subject noun":
            notes.append(f"PETRARCH requires the preposition {with_groups[0][1]}: "
                         "`with` only requires the noun")
        else:
            notes.append("the noun is the subject in PETRARCH: `with` accepts any dependent")
    if not any(keys.values()):
        raise Drop("pattern adds nothing to the bare verb")
    return keys, notes


def verb_entry(text):
    """A verb line -> (lemma, pos, keys, code or None) or raises Drop."""
    s = re.split(r"\s#|;", text)[0]
    s = re.sub(r"\{[^}]*\}", " ", s)
    code = None
    m = re.search(r"\[([^\]]*)\]", s)
    if m:
        code = m.group(1).strip()
        s = s[:m.start()] + s[m.end():]
    words = s.split()
    if not words:
        raise Drop("empty verb line")
    w = words[0]
    keys = {"object": [], "particle": [], "with": [], "recipient": [], "actor": []}
    if "_" in w or w.startswith("+"):
        parts = w.split("_")
        if not parts[0].startswith("+"):
            raise Drop(f"multi-word verb with the verb not first: {w}")
        verb = parts[0][1:].lower()
        rest = [p.lower() for p in parts[1:] if p]
        if len(rest) != 1:
            raise Drop(f"multi-word verb {w}")
        r = rest[0]
        if r in ("and", "or", "by"):
            raise Drop(f"multi-word verb {w}")
        if r in PARTICLES:
            keys["particle"] = [r]
        elif r in PREPS:
            keys["recipient"] = [r]
        elif re.fullmatch(r"[a-z]+", r) and not r.endswith(("ed", "ent")):
            keys["object"] = noun_lemmas(r)
        else:
            raise Drop(f"multi-word verb {w}")
        lemma = INFLECTED.get(verb, verb)
        if lemma.endswith(("ed", "ing")) and lemma not in ("need", "shred"):
            raise Drop(f"inflected multi-word verb {w}")
    else:
        lemma = w.lower()
        lemma = INFLECTED.get(lemma, lemma)
    if not re.fullmatch(r"[a-z][a-z\-]*", lemma):
        raise Drop(f"verb {w} is not a word")
    pos = "NOUN" if lemma.endswith(NOUN_SUFFIXES) or lemma in NOUN_WORDS else "VERB"
    return lemma, pos, keys, code


def verb_forms(lemma):
    up = lemma.upper()
    forms = {up, up + "S", up + "ES", up + "ED", up + "D", up + "ING"}
    if up.endswith("E"):
        forms.add(up[:-1] + "ING")
    if up.endswith("Y"):
        forms |= {up[:-1] + "IES", up[:-1] + "IED"}
    if len(up) > 2 and up[-1] not in "AEIOUWY" and up[-2] in "AEIOU":
        forms |= {up + up[-1] + "ED", up + up[-1] + "ING"}
    return forms


def read_blocks(lines):
    """Yield blocks: dict(name, code, line, verbs=[(line, text)], patterns=[(line, text)])."""
    blocks = []
    cur = None
    started = False
    for ln, line in lines:
        if line.startswith("####### VERB PATTERNS"):
            started = True
            continue
        if not started:
            continue
        s = line.rstrip("\n")
        if not s.strip() or s.lstrip().startswith("#") or s.startswith("<!"):
            continue
        if s.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", s)
            if not m:
                die(f"line {ln}: unreadable block header {s!r}")
            cur = {"name": m.group(1), "code": m.group(2), "line": ln,
                   "verbs": [], "patterns": []}
            blocks.append(cur)
        elif s.startswith("~"):
            continue  # verb transformations
        elif s.startswith("-"):
            if cur is None:
                die(f"line {ln}: pattern before any block")
            cur["patterns"].append((ln, s))
        elif cur is not None:
            cur["verbs"].append((ln, s))
    return blocks


# ---------------------------------------------------------------- output

def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def toml_list(v):
    return "[" + ", ".join(toml_str(x) for x in v) + "]"


def slug(s):
    return re.sub(r"[^a-z0-9]+", "_", s.lower()).strip("_")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cameo", default="/work/shared/train/dict/petrarch2/CAMEO.2.0.txt")
    ap.add_argument("--crosswalk",
                    default="/work/shared/train/dict/plover/CAMEO2PLOVER-2021.txt")
    ap.add_argument("--out", default="/tmp/petrarch-draft")
    a = ap.parse_args()

    xwalk = read_crosswalk(a.crosswalk)
    if not xwalk:
        die("empty crosswalk")
    with open(a.cameo, encoding="utf-8", errors="replace") as f:
        lines = list(enumerate(f, 1))
    syn = read_synsets(lines)
    blocks = read_blocks(lines)

    patterns = collections.OrderedDict()   # merge key -> pattern dict
    dropped = []                            # (line, text, reason)
    stats = collections.Counter()

    def add(ty, cameo, mode, lemmas, pos, keys, reciprocal, source, notes):
        key = (ty, cameo, tuple(lemmas), pos,
               tuple(keys["object"]), tuple(keys["particle"]), tuple(keys["with"]),
               tuple(keys["recipient"]), tuple(keys["actor"]), reciprocal)
        if key in patterns:
            p = patterns[key]
            if source not in p["sources"]:
                p["sources"].append(source)
            for n in notes:
                if n not in p["notes"]:
                    p["notes"].append(n)
            stats["merged duplicates"] += 1
            return
        patterns[key] = {"type": ty, "cameo": cameo, "mode": mode, "lemmas": list(lemmas),
                         "pos": pos, "keys": keys, "reciprocal": reciprocal,
                         "sources": [source], "notes": list(notes)}

    for b in blocks:
        block_code = b["code"].rstrip("-").strip() or "---"
        entries = []
        for ln, text in b["verbs"]:
            try:
                lemma, pos, keys, code = verb_entry(text)
            except Drop as e:
                dropped.append((ln, text.strip(), str(e)))
                stats["verb lines dropped"] += 1
                continue
            entries.append((ln, text, lemma, pos, keys, code))
        form_map = {}
        block_lemmas = []
        for ln, text, lemma, pos, keys, code in entries:
            if pos == "VERB" and not any(keys.values()):
                if lemma not in block_lemmas:
                    block_lemmas.append(lemma)
                for fm in verb_forms(lemma):
                    form_map.setdefault(fm, lemma)
                for irr in re.findall(r"\{([^}]*)\}", text):
                    for fm in irr.split():
                        if "_" not in fm:
                            form_map.setdefault(fm.strip().upper(), lemma)
        # bare verbs
        for ln, text, lemma, pos, keys, code in entries:
            raw = code if code is not None else block_code
            got, why = map_code(raw, xwalk)
            if got is None:
                if why != "null code [---]":
                    dropped.append((ln, text.strip(), why))
                stats["verbs without an event code"] += 1
                continue
            cameo, ty, mode, note = got
            rec = ":" in raw and raw.split(":")[0] == raw.split(":")[1].rstrip("!")
            notes = [note] if note else []
            add(ty, cameo, mode, [lemma], pos, keys, rec,
                f"block {b['name']} (line {ln}): {text.split('#')[0].strip()}", notes)
            stats["verb patterns"] += 1
        # pattern lines
        for ln, text in b["patterns"]:
            m = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]\s*(?:#(.*))?$", text)
            if not m:
                dropped.append((ln, text.strip(), "unreadable pattern line"))
                stats["pattern lines dropped"] += 1
                continue
            body, raw, comment = m.group(1), m.group(2), (m.group(3) or "")
            got, why = map_code(raw, xwalk)
            if got is None:
                dropped.append((ln, text.strip(), why))
                stats["pattern lines dropped"] += 1
                continue
            cameo, ty, mode, note = got
            try:
                keys, notes = parse_pattern(body, syn)
            except Drop as e:
                dropped.append((ln, text.strip(), str(e)))
                stats["pattern lines dropped"] += 1
                continue
            lemmas = []
            for word in re.findall(r"[A-Z][A-Z\-]+(?:_[A-Z]+)*", comment):
                lem = form_map.get(word.split("_")[0])
                if lem and lem not in lemmas:
                    lemmas.append(lem)
            if not lemmas:
                lemmas = list(block_lemmas)
                if lemmas:
                    notes.append("comment names no verb of the block: all its verbs")
            if not lemmas:
                dropped.append((ln, text.strip(), "block has no single-word verb"))
                stats["pattern lines dropped"] += 1
                continue
            rec = ":" in raw and raw.split(":")[0] == raw.split(":")[1].rstrip("!")
            if note:
                notes.insert(0, note)
            add(ty, cameo, mode, lemmas, "VERB", keys, rec,
                f"block {b['name']} (line {ln}): {text.split('#')[0].strip()}"
                + (f"  # {comment.strip()}" if comment.strip() else ""), notes)
            stats["pattern lines mapped"] += 1

    by_type = collections.OrderedDict()
    for p in patterns.values():
        by_type.setdefault(p["type"], []).append(p)

    os.makedirs(a.out, exist_ok=True)
    for old in sorted(os.listdir(a.out)):
        if old.endswith(".toml"):
            os.remove(os.path.join(a.out, old))
    header_doc = __doc__.split("What is mapped", 1)[1]
    summary = []
    for ty in sorted(by_type):
        pats = by_type[ty]
        ids = set()
        out = [f"# PLOVER {ty}, English: DRAFT generated by scripts/import-petrarch.py from",
               "# PETRARCH2 CAMEO.2.0.txt (MIT, Open Event Data Alliance) via CAMEO2PLOVER-2021.",
               "# Not curated: see data/lang/en/events/ for the curated patterns.",
               "#",
               *[("# " + l).rstrip() for l in ("What is mapped" + header_doc).rstrip().split("\n")],
               "",
               f'type = "{ty}"', ""]
        for p in pats:
            k = p["keys"]
            base = f"en.{ty.lower()}.{slug(p['lemmas'][0])}"
            extra = k["object"][:1] or k["particle"][:1] or k["with"][:1] or k["recipient"][:1]
            if extra:
                base += "_" + slug(extra[0])
            base += "_" + p["cameo"]
            pid, n = base, 2
            while pid in ids:
                pid = f"{base}_{n}"
                n += 1
            ids.add(pid)
            for s in p["sources"]:
                out.append(f"# {s}")
            for note in p["notes"]:
                out.append(f"# note: {note}")
            out.append("[[pattern]]")
            out.append(f"id = {toml_str(pid)}")
            out.append(f"lemmas = {toml_list(p['lemmas'])}")
            if p["pos"] != "VERB":
                out.append(f"pos = {toml_list([p['pos']])}")
            out.append(f"cameo = {toml_str(p['cameo'])}")
            if p["mode"]:
                out.append(f"mode = {toml_str(p['mode'])}")
            for key in ("object", "particle", "with", "actor", "recipient"):
                if k[key]:
                    out.append(f"{key} = {toml_list(k[key])}")
            if p["reciprocal"]:
                out.append("reciprocal = true")
            out.append("")
        with open(os.path.join(a.out, f"{ty.lower()}.toml"), "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        summary.append(f"{ty.lower():10} {len(pats):5} patterns")
    reasons = collections.Counter(r for _, _, r in dropped)
    with open(os.path.join(a.out, "DROPPED.txt"), "w", encoding="utf-8") as f:
        f.write("# PETRARCH2 lines not mapped by scripts/import-petrarch.py: line, reason, text\n")
        for ln, text, why in dropped:
            f.write(f"{ln}\t{why}\t{text}\n")
    with open(os.path.join(a.out, "SUMMARY.txt"), "w", encoding="utf-8") as f:
        f.write("# scripts/import-petrarch.py summary\n")
        f.write("\n".join(summary) + "\n\n")
        for k in sorted(stats):
            f.write(f"{k}: {stats[k]}\n")
        f.write("\ndropped, by reason:\n")
        for r, c in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
            f.write(f"{c:6}  {r}\n")
    print("\n".join(summary))
    print(f"{sum(len(v) for v in by_type.values())} patterns, {len(dropped)} lines dropped; "
          f"written to {a.out}")


if __name__ == "__main__":
    main()
