#!/usr/bin/env node
// Generates data/actors/countries.tsv (the country part of vedetta's actor dictionary).
//
//   cd scripts/gen-countries && npm ci        # once: installs the pinned packages
//   node scripts/gen-countries/gen.js         # from the repo root (or from anywhere)
//
// Sources (versions pinned in package.json):
//   i18n-iso-countries  Italian and English country names (with alternates)
//   world-countries     English common/official names, alt spellings, Italian translation,
//                       English demonyms, English capital names
//   cldr-localenames-full  CLDR territory names in it/en, including -alt-short/-alt-variant
// plus hand tables of this folder: demonyms-it.tsv, capitals-it.tsv, wikidata.tsv.
//
// Forms that data/actors/countries-curated.tsv already gives for the same code are left out
// here, so the two files never repeat a (form, code) pair: the curated file wins.
// Output is sorted and byte-for-byte deterministic for a given set of inputs. Node >= 18, no deps
// beyond the three data packages.
'use strict';

const fs = require('fs');
const path = require('path');

const HERE = __dirname;
const REPO = path.resolve(HERE, '..', '..');
const OUT = path.join(REPO, 'data', 'actors', 'countries.tsv');
const CURATED = path.join(REPO, 'data', 'actors', 'countries-curated.tsv');
const HEADER = ['forms', 'code', 'kind', 'lang', 'wikidata', 'name', 'role', 'start', 'end'];

const mod = (p) => path.join(HERE, 'node_modules', p);
const readJson = (p) => JSON.parse(fs.readFileSync(mod(p), 'utf8'));

const i18nIt = readJson('i18n-iso-countries/langs/it.json').countries;
const i18nEn = readJson('i18n-iso-countries/langs/en.json').countries;
const world = readJson('world-countries/countries.json');
const cldrIt = readJson('cldr-localenames-full/main/it/territories.json').main.it.localeDisplayNames.territories;
const cldrEn = readJson('cldr-localenames-full/main/en/territories.json').main.en.localeDisplayNames.territories;

// ---- hand tables -------------------------------------------------------------------------------
function readTable(file) {
  const rows = [];
  for (const line of fs.readFileSync(path.join(HERE, file), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    rows.push(line.split('\t'));
  }
  return rows;
}
const DEMONYMS_IT = readTable('demonyms-it.tsv');   // iso3, m.sg forms, [explicit inflections]
const CAPITALS_IT = readTable('capitals-it.tsv');   // iso3, forms
const QID = new Map(readTable('wikidata.tsv').map(([c, q]) => [c, q]));

// ---- policy ------------------------------------------------------------------------------------
// world-countries uses the user-assigned code UNK for Kosovo; CAMEO-style dictionaries use XKX.
const CODE_FIX = { UNK: 'XKX' };
// Two-letter forms are kept only when they are real acronyms used in running text.
const SHORT_ACRONYMS = new Set(['UK', 'US']);
// Package forms that are wrong, misleading or too ambiguous for matching news text.
const SKIP_FORMS = new Set([
  'Thai', 'Lao', 'Mann', 'Viti',               // world-countries altSpellings: adjectives/native words
  'Antille Francesi',                          // world-countries ita name of Saint Barthélemy (wrong)
  'Birmania Myanmar',                          // i18n-iso-countries it: two names run together
  'Territorio della australi e antartiche francesi Terre', 'Co -operative Republic of Guyana',  // garbled
  'Svalbard og Jan Mayen',                     // Norwegian
  'Guiana', 'Virgin Islands', 'Isole Vergini', // ambiguous between several territories
  'Jersey',                                    // would fire inside "New Jersey"
]);
// world-countries altSpellings mix English names with native-language ones ("Island" is Iceland
// in Icelandic, "Nippon", "Schweiz"…), all unlabelled. Keep the English ones only: acronyms,
// English long forms (an English state word), and this list of English short alternates.
const ALT_ENGLISH_WORD = /\b(Republic|Kingdom|State|States|Federation|Commonwealth|Principality|Union|Islands|Sultanate|Emirates|Confederation|Grand Duchy|Territory|Department|Collectivity|Bailiwick|Federated)\b/;
const ALT_ALLOW = new Set([
  'Burma', 'Holland', 'The Netherlands' /* -> Netherlands */, 'Great Britain', 'Ivory Coast', "Cote d'Ivoire", "Côte d'Ivoire",
  'East Timor', 'Swaziland', 'Macedonia', 'Bosnia-Herzegovina', 'Viet Nam', 'Maldive Islands', 'Turkiye',
  'Curacao', 'Reunion', 'Cocos Islands', 'Keeling Islands', 'Chinese Taipei', 'DR Congo', 'Congo-Kinshasa',
  'Congo-Brazzaville', 'Brunei Darussalam', 'Sao Tome and Principe', 'Saint Helena', 'Aland',
  'Faeroe Islands', 'Pitcairn', 'Aotearoa', 'St. Barthelemy', 'BES islands',
]);
// Capital names that collide with person names, common words or other places.
const SKIP_CAPITALS = new Set([
  'Victoria', 'City of Victoria', 'Hamilton', 'Douglas', 'Stanley', 'Kingston', 'Malé', 'Male',
  'Praia', 'The Valley', 'Plymouth', 'Georgetown', 'George Town', 'Jamestown', 'West Island',
  'Moroni', 'Sofia', 'Saint-Denis', "Saint John's", "St. George's", 'Basse-Terre', 'Flying Fish Cove',
  'King Edward Point', 'Road Town', 'Cockburn Town', 'Saint Helier', 'St. Peter Port', 'Adamstown',
  'The Bottom', 'Oranjestad', 'San Juan',
]);
// English demonyms shared by several ISO entries go to one country only (null: dropped).
const DEMONYM_OWNER_EN = {
  French: 'FRA', Indian: 'IND', Norwegian: 'NOR', American: 'USA', Dutch: 'NLD',
  Congolese: 'COD', Dominican: 'DOM', 'Channel Islander': null, 'Virgin Islander': null,
  'Saint Barthélemy Islander': null, 'Saint Martin Islander': null, Djibouti: null,
  Gibraltar: null, Vatican: 'VAT',
};
const EXTRA_DEMONYMS_EN = {
  USA: ['American'], SAU: ['Saudi', 'Saudis'], GBR: ['Briton', 'Britons', 'Brits'], POL: ['Poles'],
  TUR: ['Turks'], DNK: ['Dane', 'Danes'], SWE: ['Swede', 'Swedes'], FIN: ['Finns'], ESP: ['Spaniard', 'Spaniards'], CZE: ['Czechs'],
};
// English plural of a demonym noun: Russian -> Russians, Israeli -> Israelis, Greek -> Greeks.
// -ese, -ish, -ch, -ss and other adjective-only forms (Chinese, British, French, Swiss) are left alone.
function pluralEn(d) {
  if (d === 'Vatican') return null;
  if (/(an|i|ek|ech|ot|er|ino|ite|ard|ak|ene|grin|var)$/.test(d) && !/(ese|ish|ch|ss)$/.test(d)) return d + 's';
  return null;
}

// ---- helpers -----------------------------------------------------------------------------------
const isAcronym = (f) => /^[A-Z][A-Z.]*$/.test(f) && /[A-Z].*[A-Z]|^[A-Z]\.$/.test(f);
function clean(f) {
  if (typeof f !== 'string') return null;
  f = f.normalize('NFC').replace(/[\u2019\u02bc]/g, "'").replace(/\s+/g, ' ').trim();
  f = f.replace(/^The (?=\S)/, '');                  // "The Gambia" -> "Gambia": no articles in forms
  if (!f) return null;
  if (/[()\[\]]/.test(f)) return null;                   // "Congo (DRC)", "Holy See (…)"
  if (/, /.test(f)) return null;                         // "Korea, Republic of"
  if (/ o | - /.test(f)) return null;                    // "Isole Falkland o Isole Malvine", "Congo - Kinshasa"
  if (/[^\p{Script=Latin}\p{M}\s'’.\-\d]/u.test(f)) return null;  // non-Latin script
  if (f.length < 3 && !SHORT_ACRONYMS.has(f)) return null;
  return f;
}
// Matching key, following data/README.md: ALL-CAPS acronyms match case-sensitively; a form that
// starts with a capital matches only capitalised text; a lowercase form matches any case. So
// "Ucraina" (country) and "ucraina" (demonym) are different forms, "Corea Del Nord" = "Corea del Nord".
const keyOf = (f) => (isAcronym(f) ? f : /^\p{Lu}/u.test(f) ? f.charAt(0) + f.slice(1).toLowerCase() : f.toLowerCase());
const capFirst = (f) => (isAcronym(f) ? f : f.charAt(0).toUpperCase() + f.slice(1));
const asList = (v) => (v == null ? [] : Array.isArray(v) ? v : [v]);

// Italian adjective inflection for demonyms (see demonyms-it.tsv header).
function inflectIt(m) {
  if (/(?:[^aeiou]|[àèéìòóù])$/.test(m) || /i$/.test(m)) return [m];           // invariant
  if (/o$/.test(m)) {
    const s = m.slice(0, -1);
    if (/(?:ico|iaco)$/.test(m)) return [m, s + 'a', s + 'i', s + 'he'];           // britannico, austriaco
    if (/[cg]o$/.test(m)) return [m, s + 'a', s + 'hi', s + 'he'];                  // tedesco, polacco
    if (/[cg]io$/.test(m)) { const t = m.slice(0, -2); return [m, t + 'ia', t + 'i', t + 'e']; }
    return [m, s + 'a', s + 'i', s + 'e'];
  }
  if (/e$/.test(m)) return [m, m.slice(0, -1) + 'i'];                            // francese, estone
  if (/a$/.test(m)) { const s = m.slice(0, -1); return [m, s + 'i', s + 'e']; }  // cipriota, saudita
  return [m];
}

// ---- collect -----------------------------------------------------------------------------------
// entries: code -> { name, kinds: { country|demonym|capital: Map(key -> {form, langs:Set}) } }
const KIND_ORDER = ['country', 'demonym', 'capital'];
const entries = new Map();
const alpha2to3 = new Map();
for (const c of world) {
  const code = CODE_FIX[c.cca3] || c.cca3;
  alpha2to3.set(c.cca2, code);
  entries.set(code, { name: c.name.common, kinds: { country: new Map(), demonym: new Map(), capital: new Map() } });
}
function add(code, kind, lang, raw) {
  const e = entries.get(code);
  if (!e) throw new Error(`unknown code ${code}`);
  let f = clean(raw);
  if (!f) return;
  if (kind === 'country' && SKIP_FORMS.has(f)) return;
  if (kind === 'country' || kind === 'capital') f = capFirst(f);
  const k = keyOf(f);
  const m = e.kinds[kind];
  if (!m.has(k)) m.set(k, { form: f, langs: new Set() });
  m.get(k).langs.add(lang);
}

for (const c of world) {
  const code = CODE_FIX[c.cca3] || c.cca3;
  const a2 = c.cca2;
  // country names
  for (const f of asList(i18nIt[a2])) add(code, 'country', 'it', f);
  for (const f of asList(i18nEn[a2])) add(code, 'country', 'en', f);
  add(code, 'country', 'en', c.name.common);
  add(code, 'country', 'en', c.name.official);
  if (c.translations && c.translations.ita) {
    add(code, 'country', 'it', c.translations.ita.common);
    add(code, 'country', 'it', c.translations.ita.official);
  }
  for (const alt of c.altSpellings || []) {
    if (alt === a2) continue;
    if (!(isAcronym(alt) || ALT_ALLOW.has(alt) || (ALT_ENGLISH_WORD.test(alt) && /^[\x20-\x7e\u00c0-\u00ff]+$/.test(alt)))) continue;
    add(code, 'country', 'en', alt);
  }
  for (const [tbl, lang] of [[cldrIt, 'it'], [cldrEn, 'en']]) {
    for (const [k, v] of Object.entries(tbl)) {
      if (k === a2 || k.startsWith(a2 + '-alt-')) add(code, 'country', lang, v);
    }
  }
  // English demonyms
  const d = c.demonyms && c.demonyms.eng;
  if (d) {
    for (const g of [d.m, d.f]) {
      for (const part of String(g || '').split(/, | or /)) {
        const p = part.trim();
        if (!p) continue;
        if (Object.prototype.hasOwnProperty.call(DEMONYM_OWNER_EN, p) && DEMONYM_OWNER_EN[p] !== code) continue;
        add(code, 'demonym', 'en', p);
        const pl = pluralEn(p);
        if (pl) add(code, 'demonym', 'en', pl);
      }
    }
  }
  // English capitals
  for (const cap of c.capital || []) {
    if (SKIP_CAPITALS.has(cap)) continue;
    add(code, 'capital', 'en', cap);
    if (cap === 'Washington D.C.') add(code, 'capital', 'en', 'Washington');
  }
}
for (const [code, forms] of Object.entries(EXTRA_DEMONYMS_EN)) for (const f of forms) add(code, 'demonym', 'en', f);
for (const [code, ms, explicit] of DEMONYMS_IT) {
  const forms = explicit ? explicit.split('|') : ms.split('|').flatMap(inflectIt);
  for (const f of forms) add(code, 'demonym', 'it', f.toLowerCase());
}
for (const [code, forms] of CAPITALS_IT) {
  for (const f of forms.split('|')) {
    if (SKIP_CAPITALS.has(f)) continue;
    add(code, 'capital', 'it', f);
  }
}

// ---- curated file wins -------------------------------------------------------------------------
const curatedPairs = new Set();
if (fs.existsSync(CURATED)) {
  const lines = fs.readFileSync(CURATED, 'utf8').split('\n');
  for (const line of lines.slice(1)) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [forms, code] = line.split('\t');
    for (const f of forms.split('|')) curatedPairs.add(code + '\t' + keyOf(f.normalize('NFC').replace(/[\u2019\u02bc]/g, "'")));
  }
}

// ---- dedupe across kinds, resolve clashes between countries -------------------------------------
const owners = new Map();   // key -> Set(code)
for (const [code, e] of entries) {
  const seen = new Set();
  for (const kind of KIND_ORDER) {
    for (const k of [...e.kinds[kind].keys()]) {
      if (seen.has(k) || curatedPairs.has(code + '\t' + k)) { e.kinds[kind].delete(k); continue; }
      seen.add(k);
      if (!owners.has(k)) owners.set(k, new Set());
      owners.get(k).add(code);
    }
  }
}
const clashes = [];
for (const [k, codes] of owners) {
  if (codes.size < 2) continue;
  clashes.push(`${k}: ${[...codes].sort().join(',')}`);
  for (const code of codes) for (const kind of KIND_ORDER) entries.get(code).kinds[kind].delete(k);
}

// ---- emit --------------------------------------------------------------------------------------
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const rows = [];
for (const [code, e] of entries) {
  for (const kind of KIND_ORDER) {
    const byLang = { '*': [], en: [], it: [] };
    for (const { form, langs } of e.kinds[kind].values()) {
      const lang = langs.size > 1 ? '*' : [...langs][0];
      byLang[lang].push(form);
    }
    for (const lang of ['*', 'en', 'it']) {
      const forms = byLang[lang];
      if (!forms.length) continue;
      forms.sort(cmp);
      const qid = kind === 'capital' ? '' : QID.get(code) || '';
      rows.push([forms.join('|'), code, kind, lang, qid, e.name, '', '', '']);
    }
  }
}
rows.sort((a, b) => cmp(a[1], b[1]) || KIND_ORDER.indexOf(a[2]) - KIND_ORDER.indexOf(b[2]) || cmp(a[3], b[3]));

const out = [
  HEADER.join('\t'),
  '# GENERATED by scripts/gen-countries/gen.js from npm packages i18n-iso-countries, world-countries,',
  '# cldr-localenames-full and the hand tables in scripts/gen-countries/. Do not edit: edit the tables',
  '# or data/actors/countries-curated.tsv and rerun. Licences: data/actors/SOURCES.md.',
  ...rows.map((r) => r.join('\t')),
].join('\n') + '\n';
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, out);
const byKind = {};
for (const r of rows) byKind[r[2]] = (byKind[r[2]] || 0) + 1;
process.stderr.write(`wrote ${path.relative(process.cwd(), OUT)}: ${rows.length} rows ${JSON.stringify(byKind)}, ` +
  `${entries.size} codes\n`);
if (clashes.length) process.stderr.write(`dropped forms shared by several countries:\n  ${clashes.sort().join('\n  ')}\n`);
