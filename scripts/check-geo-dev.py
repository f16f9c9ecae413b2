#!/usr/bin/env python3
"""Check eval/geo/geo-dev.jsonl against data/geo/gazetteer.tsv.

usage: python3 scripts/check-geo-dev.py [DEV_JSONL] [GAZETTEER_TSV]

Every record must parse and carry id/date/lang/text/events; every event a PLOVER type, 3-letter
actor codes, an evidence string that is a substring of the text and a `location` key (null, or an
object whose geonameid is a row of the gazetteer with the same name, country, admin1, coordinates
and feature code, whose precision matches the row's feature class and whose `place` is a substring
of the text). Prints counts per language and per precision; exits 1 on any error.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / 'eval' / 'geo' / 'geo-dev.jsonl'
GAZ = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / 'data' / 'geo' / 'gazetteer.tsv'

TYPES = {'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
         'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'}
AUX = {'historical', 'future', 'hypothetical', 'negation'}
PRECISION = {'city', 'admin1', 'country'}
LOC_KEYS = {'place', 'name', 'geonameid', 'country', 'admin1', 'lat', 'lon', 'feature_code', 'precision'}
CODE = re.compile(r'^[A-Z]{3}$')
DATE = re.compile(r'^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$')


def load_gazetteer(path):
    rows = {}
    with open(path, encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        want = ['geonameid', 'name', 'lat', 'lon', 'country', 'admin1', 'admin1_name', 'feature_class',
                'feature_code', 'population', 'forms']
        if header != want:
            raise SystemExit(f'{path}: unexpected header {header}')
        for n, line in enumerate(f, 2):
            p = line.rstrip('\n').split('\t')
            if len(p) != len(want):
                raise SystemExit(f'{path}:{n}: {len(p)} columns')
            rows[int(p[0])] = dict(zip(want, p))
    return rows


def precision_of(row):
    if row['feature_class'] == 'P':
        return 'city'
    if row['feature_code'] == 'PCLI':
        return 'country'
    return 'admin1'


def main():
    gaz = load_gazetteer(GAZ)
    errors = []
    err = lambda rid, msg: errors.append(f'{rid}: {msg}')
    ids = set()
    per_lang = Counter()
    per_prec = Counter()
    per_lang_prec = Counter()
    events = located = null_loc = 0
    with open(DEV, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                err(f'line {n}', f'JSON: {e}')
                continue
            rid = rec.get('id', f'line {n}')
            for k in ('id', 'date', 'lang', 'text', 'events'):
                if k not in rec:
                    err(rid, f'missing {k}')
            if rid in ids:
                err(rid, 'duplicate id')
            ids.add(rid)
            if not DATE.match(str(rec.get('date', ''))):
                err(rid, f'bad date {rec.get("date")!r}')
            lang = rec.get('lang')
            if lang not in ('it', 'en'):
                err(rid, f'bad lang {lang!r}')
            per_lang[lang] += 1
            text = rec.get('text', '')
            if len(re.findall(r'[.!?](\s|$)', text)) > 3:
                err(rid, 'more than 3 sentences')
            for i, ev in enumerate(rec.get('events', [])):
                where = f'{rid} event {i}'
                events += 1
                for t in str(ev.get('type', '')).split('|'):
                    if t not in TYPES:
                        err(where, f'bad type {ev.get("type")!r}')
                for side in ('source', 'target'):
                    if side in ev:
                        if not isinstance(ev[side], list) or not all(isinstance(c, str) and CODE.match(c) for c in ev[side]):
                            err(where, f'bad {side} {ev[side]!r}')
                if not ev.get('source'):
                    err(where, 'empty source')
                aux = ev.get('aux')
                if aux is not None and not all(a in AUX for a in str(aux).split('|')):
                    err(where, f'bad aux {aux!r}')
                evid = ev.get('evidence')
                if not evid or evid not in text:
                    err(where, f'evidence not a substring of the text: {evid!r}')
                for k in ('reciprocal', 'optional'):
                    if not isinstance(ev.get(k), bool):
                        err(where, f'{k} must be true/false')
                if 'location' not in ev:
                    err(where, 'missing location (null when the text gives no place)')
                    continue
                loc = ev['location']
                if loc is None:
                    null_loc += 1
                    continue
                located += 1
                if set(loc) != LOC_KEYS:
                    err(where, f'location keys {sorted(loc)}')
                    continue
                if loc['place'] not in text:
                    err(where, f'place not a substring of the text: {loc["place"]!r}')
                row = gaz.get(loc['geonameid']) if isinstance(loc['geonameid'], int) else None
                if row is None:
                    err(where, f'geonameid {loc["geonameid"]!r} not in gazetteer')
                    continue
                for k in ('name', 'country', 'admin1', 'feature_code'):
                    if loc[k] != row[k]:
                        err(where, f'{k} {loc[k]!r} != gazetteer {row[k]!r} ({row["geonameid"]})')
                for k in ('lat', 'lon'):
                    if not isinstance(loc[k], (int, float)) or abs(loc[k] - float(row[k])) > 1e-5:
                        err(where, f'{k} {loc[k]!r} != gazetteer {row[k]} ({row["geonameid"]})')
                if loc['precision'] not in PRECISION or loc['precision'] != precision_of(row):
                    err(where, f'precision {loc["precision"]!r}, row is {row["feature_class"]}/{row["feature_code"]}')
                per_prec[loc['precision']] += 1
                per_lang_prec[(lang, loc['precision'])] += 1
    print(f'{len(ids)} records ({", ".join(f"{k}: {v}" for k, v in sorted(per_lang.items()))}); '
          f'{events} events, {located} with a location, {null_loc} with location null')
    for lang in sorted(per_lang):
        print(f'  {lang}: ' + ', '.join(f'{p} {per_lang_prec[(lang, p)]}' for p in ('city', 'admin1', 'country')))
    print('  all: ' + ', '.join(f'{p} {per_prec[p]}' for p in ('city', 'admin1', 'country')))
    if errors:
        print(f'{len(errors)} errors:')
        for e in errors:
            print('  ' + e)
        print(f'0 passed, {len(errors)} failed')
        return 1
    print(f'{len(ids)} passed, 0 failed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
