#!/usr/bin/env node
// Checks data/actors/countries.tsv and countries-curated.tsv: 9 columns, valid code/kind/lang,
// no (form, code) pair repeated within or across the two files, and key forms present.
//   node scripts/gen-countries/check.js     (exit 1 on any problem)
'use strict';
const fs = require('fs');
const path = require('path');

const DIR = path.resolve(__dirname, '..', '..', 'data', 'actors');
const FILES = ['countries.tsv', 'countries-curated.tsv'];
const HEADER = 'forms\tcode\tkind\tlang\twikidata\tname\trole\tstart\tend';
const KINDS = new Set(['country', 'demonym', 'capital', 'metonym', 'place', 'person', 'igo', 'media',
  'ngo', 'org', 'party', 'armed_group']);
const LANGS = new Set(['it', 'en', '*']);
const isAcronym = (f) => /^[A-Z][A-Z.]*$/.test(f) && /[A-Z].*[A-Z]|^[A-Z]\.$/.test(f);
const keyOf = (f) => (isAcronym(f) ? f : /^\p{Lu}/u.test(f) ? f.charAt(0) + f.slice(1).toLowerCase() : f.toLowerCase());

const errors = [];
const pairs = new Map();          // code \t key -> where
const index = new Map();          // exact form -> [{code, kind, lang}]
for (const file of FILES) {
  const lines = fs.readFileSync(path.join(DIR, file), 'utf8').split('\n');
  if (lines[0] !== HEADER) errors.push(`${file}: bad header`);
  if (lines[lines.length - 1] !== '') errors.push(`${file}: no final newline`);
  const counts = {};
  let n = 0;
  lines.slice(1).forEach((line, i) => {
    const where = `${file}:${i + 2}`;
    if (line === '' || line.startsWith('#')) return;
    const c = line.split('\t');
    if (c.length !== 9) { errors.push(`${where}: ${c.length} columns`); return; }
    const [forms, code, kind, lang, qid, name, , start, end] = c;
    if (!/^[A-Z]{3}([A-Z]{3})*$/.test(code)) errors.push(`${where}: bad code ${code}`);
    if (!KINDS.has(kind)) errors.push(`${where}: bad kind ${kind}`);
    if (!LANGS.has(lang)) errors.push(`${where}: bad lang ${lang}`);
    if (qid && !/^Q[1-9]\d*$/.test(qid)) errors.push(`${where}: bad wikidata ${qid}`);
    if (!name) errors.push(`${where}: empty name`);
    for (const d of [start, end]) if (d && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(d)) errors.push(`${where}: bad date ${d}`);
    for (const f of forms.split('|')) {
      if (!f || f !== f.trim() || /\s{2}/.test(f)) errors.push(`${where}: bad form "${f}"`);
      if (/^(il|lo|la|i|gli|le|l'|the) /i.test(f) && !/^(La Paz|La Valletta)$/.test(f)) errors.push(`${where}: article in "${f}"`);
      const k = code + '\t' + keyOf(f);
      if (pairs.has(k)) errors.push(`${where}: duplicate (${f}, ${code}), first at ${pairs.get(k)}`);
      else pairs.set(k, where);
      if (!index.has(f)) index.set(f, []);
      index.get(f).push({ code, kind, lang });
    }
    n++;
    counts[kind] = (counts[kind] || 0) + 1;
  });
  console.log(`${file}: ${n} rows ${JSON.stringify(counts)}`);
}

const MUST = [
  ['Corea del Nord', 'PRK'], ['nordcoreana', 'PRK'], ['nordcoreani', 'PRK'], ['statunitensi', 'USA'],
  ['sudcoreano', 'KOR'], ['russo', 'RUS'], ['Mosca', 'RUS'], ['Pyongyang', 'PRK'], ['Cremlino', 'RUSGOV'],
  ['Ucraina', 'UKR'], ['Cina', 'CHN'], ['Russia', 'RUS'], ['tedeschi', 'DEU'], ['greci', 'GRC'],
  ['USA', 'USA'], ['Casa Bianca', 'USAGOV'], ['Kyiv', 'UKR'], ['Kiev', 'UKR'], ['americani', 'USA'],
];
for (const [f, code] of MUST) {
  const hits = (index.get(f) || []).filter((h) => h.code === code);
  if (!hits.length) errors.push(`missing: ${f} -> ${code}`);
  else console.log(`ok  ${f} -> ${hits.map((h) => `${h.code} ${h.kind} ${h.lang}`).join('; ')}`);
}
const multi = [...index].filter(([, hs]) => new Set(hs.map((h) => h.code.slice(0, 3))).size > 1);
if (multi.length) console.log(`forms with several countries: ${multi.map(([f, hs]) => `${f} (${hs.map((h) => h.code).join(',')})`).join('; ')}`);
if (errors.length) { console.error(errors.join('\n')); console.error(`${errors.length} problems`); process.exit(1); }
console.log(`${pairs.size} (form, code) pairs, no problems`);
