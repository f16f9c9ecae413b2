#!/usr/bin/env node
// Regenerates data/lang/{it,en}/given_names.txt.
//
// usage: node scripts/gen-given-names.js FAKER_DIR [IT_WORDLIST] [EN_WORDLIST]
//   FAKER_DIR    path to an installed @faker-js/faker package (MIT), e.g.
//                  mkdir /tmp/gn && cd /tmp/gn && npm install @faker-js/faker@10.6.0
//                  node scripts/gen-given-names.js /tmp/gn/node_modules/@faker-js/faker
//   IT_WORDLIST  lowercase Italian word list (default /usr/share/dict/italian, Debian `witalian`)
//   EN_WORDLIST  English word list (default /usr/share/dict/american-english, Debian `wamerican`)
// The word lists are used only as filters (names that are also common words are dropped);
// nothing from them is written out. Output is sorted and deterministic.
'use strict';
const fs = require('fs');
const path = require('path');

const fakerDir = process.argv[2];
if (!fakerDir) { console.error('usage: gen-given-names.js FAKER_DIR [IT_WORDLIST] [EN_WORDLIST]'); process.exit(2); }
const itWords = process.argv[3] || '/usr/share/dict/italian';
const enWords = process.argv[4] || '/usr/share/dict/american-english';
const root = path.resolve(__dirname, '..');

// Locales whose first names are written in Latin script and are useful for news.
const LATIN = ['af_ZA', 'az', 'cs_CZ', 'da', 'de', 'de_AT', 'de_CH', 'en', 'en_AU', 'en_GB', 'en_GH',
  'en_IE', 'en_IN', 'en_NG', 'en_US', 'en_ZA', 'es', 'es_MX', 'fi', 'fr', 'fr_BE', 'fr_CA', 'fr_CH',
  'fr_LU', 'fr_SN', 'hr', 'hu', 'id_ID', 'it', 'ku_kmr_latin', 'lv', 'nb_NO', 'nl', 'nl_BE', 'pl',
  'pt_BR', 'pt_PT', 'ro', 'ro_MD', 'sk', 'sl_SI', 'sr_RS_latin', 'sv', 'tr', 'uz_UZ_latin', 'yo_NG', 'zu_ZA'];
const CYRILLIC = ['ru', 'uk'];
// Locales whose names also count as "well known" when a city has the same name (see gen-places.js).
const MAJOR = new Set(['en', 'en_US', 'en_GB', 'it', 'de', 'fr', 'es', 'ru', 'uk']);

// Romanised names that news writes often and faker lacks or writes in another script.
const HAND = `
Mohammed Muhammad Mohamed Mohammad Mohamad Muhammed Ahmed Ahmad Ali Hassan Hasan Hussein Hossein Husain
Omar Umar Abdullah Abdallah Abdel Abdul Abdulaziz Abdelaziz Abdelmadjid Abdelfattah Abdulrahman Abdel-Fattah
Khalid Khaled Mahmoud Mahmud Mustafa Moustafa Ibrahim Youssef Yousef Yusuf Ismail Ismael Hamid Hamad Rashid
Saeed Said Salman Faisal Fahd Nasser Walid Karim Tarek Tariq Bashar Hafez Hosni Anwar Gamal Jamal Yasser
Yasir Ayman Osama Usama Marwan Nabil Naim Nizar Fouad Fuad Samir Sami Ziad Imad Hani Hisham Adel Amr Abbas
Qassem Kassem Qasem Mohsen Ebrahim Javad Reza Mojtaba Masoud Massoud Ruhollah Akbar Hassan Mahmoud Esmail
Abolfazl Mehdi Mahdi Saleh Salah Salih Ammar Bilal Hamza Hamzah Idriss Idris Mahamat Moussa Mousa Musa
Issa Isa Yahya Yahia Haitham Tamim Mansour Mansur Zayed Mubarak Muammar Moammar Saif Seif Kais Kaïs Rached
Rachid Habib Houthi Jaber Jabir Nouri Nuri Haider Haidar Moqtada Muqtada Ammar Nechirvan Masrour Mazloum
Ilham Heydar Recep Tayyip Ekrem Hakan Mevlüt Mevlut Devlet Kemal Kılıçdaroğlu Binali Ahmet Mehmet Ömer
Benjamin Benny Yair Naftali Itamar Bezalel Yoav Gideon Moshe Avigdor Yitzhak Isaac Ehud Shimon Golda Gilad
Gadi Herzi Yuli Amichai Ayelet Merav Miri Tzipi Danny Gabi Aviv Eyal Yossi Yigal Ariel Avi Amir Nir Ron
Volodymyr Oleksandr Oleksiy Oleksii Mykola Mykhailo Mykhaylo Andriy Andrii Dmytro Vitali Vitaliy Valerii
Valeriy Serhiy Serhii Petro Yulia Yuliia Iryna Olena Denys Denis Ruslan Kyrylo Yevhen Yuriy Yurii Taras
Vladimir Dmitry Dmitri Dmitrij Sergei Sergey Sergej Alexei Alexey Aleksei Aleksey Aleksej Alexander
Aleksandr Evgeny Yevgeny Yevgeniy Evgenij Yevgenia Maria Mikhail Michail Nikolai Nikolay Nikolaj Andrei
Andrey Andrej Yuri Yury Jurij Igor Ramzan Valery Valerij Viktor Vyacheslav Gennady Anatoly Boris
Svetlana Tatiana Tatyana Natalia Natalya Olga Ekaterina Yekaterina Anastasia Elvira Valentina Ksenia
Alexei Navalny Pavel Konstantin Arkady Ilya Grigory Kirill Lavrov Maxim Maksim Artem Artyom Oleg Roman
Narendra Rahul Amit Sonia Indira Rajnath Nirmala Arvind Subrahmanyam Shehbaz Shahbaz Nawaz Imran Asif
Bilawal Benazir Pervez Zulfikar Shahid Syed Sheikh Hasina Muhammad Khaleda Rishi Kamala Vivek Nikki
Shinzo Fumio Shigeru Yoshihide Sanae Taro Junichiro Yoshihiko Naoto Yukio Kishida Akihito Naruhito
Jong-un Jong-il Il-sung Yo-jong Suk-yeol Jae-in Jae-myung Geun-hye Myung-bak Moo-hyun Dae-jung Han-duck
Jinping Keqiang Qiang Xiaoping Zemin Jintao Yi Wang-yi Tsai Ing-wen Ching-te Lai Ko-wen
Cyril Thabo Jacob Nelson Uhuru William Abiy Muhammadu Bola Goodluck Olusegun Yoweri Emmerson Robert
Ellen George Felix Félix Macky Bassirou Alassane Assimi Abdourahamane Ibrahim Faure Denis Kagame Paul
Hakainde Samia Ruto Raila Hage Mokgweetsi Filipe Salva Riek Abdel Hemedti Idriss Teodoro Paul Nana
Akufo-Addo Mahama Julius Jacob Kais Tebboune Abdelmadjid Nayib Javier Sergio Gustavo Nicolás Nicolas
Luiz Inácio Lula Jair Dilma Andrés Manuel Claudia Xiomara Daniel Gabriel Gabriel Alberto Cristina
Mauricio Evo Lenín Dina Pedro Luis Lacalle Santiago Xavier Bernardo Rafael Juan Guaidó Edmundo María
Corina Diosdado Volodymyr Ursula Kaja Josep Roberta Antonio António Charles Emmanuel Olaf Friedrich
Keir Rishi Boris Theresa Liz Kemi Nigel Viktor Mark Giorgia Matteo Elly Giuseppe Sergio Mario Silvio
Pedro Alexander Andrzej Donald Mateusz Karol Aleksandar Ilham Nikol Irakli Salome Bidzina Maia Alexis
Kyriakos Nikos Recep Petr Pavel Milos Miloš Robert Peter Janez Zoran Edi Milorad Aleksandar Hashim
Albin Vjosa Ilir Sali Dritan Ram Tsai Prabowo Joko Jokowi Anthony Anwar Hun Manet Sen Phumtham Srettha
Paetongtarn Thaksin Yingluck Prayut Ferdinand Bongbong Rodrigo Sara Min Aung Hlaing Suu Kyi Aung San
Ashraf Hamdullah Zabihullah Hibatullah Haibatullah Mullah Sirajuddin Hamid Amrullah
Kim Lee Park Choi Jung Jeong Yoon Moon Kang Cho Han Shin Xi Li Wang Zhang Liu Chen Yang Zhao Huang Zhou
Wu Xu Sun Hu Zhu Gao Lin Guo Ma Luo Liang Song Zheng Xie Deng Wen Jiang Ding Ye Kuo
`;
// East Asian family names come first ("Kim Jong-un", "Xi Jinping"); they are listed with the given
// names on purpose, because that is how the span is recognised as a person.

const CYR = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh',
  ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian letters
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g' };
function translit(word, lang) {
  const out = [];
  let s = '';
  for (const ch of word.toLowerCase()) {
    let t = CYR[ch];
    if (lang === 'uk') { if (ch === 'г') t = 'h'; else if (ch === 'и') t = 'y'; else if (ch === 'х') t = 'kh'; }
    s += t === undefined ? ch : t;
  }
  if (!/^[a-z-]+$/.test(s)) return out;
  const cap = (w) => w.charAt(0).toUpperCase() + w.slice(1);
  out.push(cap(s));
  // common press variants: Dmitriy/Dmitry/Dmitri/Dmitrij, Sergey/Sergei/Sergej
  if (/iy$/.test(s)) { out.push(cap(s.replace(/iy$/, 'y')), cap(s.replace(/iy$/, 'i')), cap(s.replace(/iy$/, 'ij'))); }
  if (/[aeo]y$/.test(s)) { out.push(cap(s.replace(/y$/, 'i')), cap(s.replace(/y$/, 'j'))); }
  if (/ks/.test(s)) out.push(cap(s.replace(/ks/g, 'x')));
  return out;
}

function loadWords(file) {
  const lower = new Set(); const cap = new Set();
  if (!fs.existsSync(file)) { console.error(`warning: word list ${file} missing; common-word filter off`); return { lower, cap }; }
  for (const w of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!w || w.includes("'")) continue;
    if (w[0] === w[0].toLowerCase()) lower.add(w); else cap.add(w);
  }
  return { lower, cap };
}
function loadList(file) {
  if (!fs.existsSync(file)) return new Set();
  return new Set(fs.readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.toLowerCase()));
}

// Names that are common words or sentence starters in that language even though the word list
// does not say so, or that would otherwise be dropped but are too frequent as names to lose.
const DROP = {
  it: 'Italia Domenica Maggio Aprile Agosto Marzo Giugno Luglio Natale Pasqua Santo Santa San Sant Nord Sud Est Ovest Europa America Africa Asia Roma Milano Napoli Venezia Firenze Genova Torino Loreto Lourdes Fatima Assunta Addolorata Immacolata Annunziata Concetta Consolata Presidente Ministro Papa Re Don Dio Gesù Cristo Madonna Vergine Maria-Madre Capo Primo Ultimo Forza Lega Via Viale Piazza Casa Fiume Mare Monte Sole Luna Stella Angeli Regina Reggio Pace Guerra Libertà Giustizia Unità Salute Fede Speranza Carità Gloria Vittoria Fortuna Felice Felicità Allegra Benvenuto Bello Bella Giusto Giusta Ultima Prima Nazario Oriente Occidente Marino Leone Celeste Violetta Viola Ombretta Beata Libero Ciro? Nazzareno'.split(/\s+/),
  en: 'May June April August January Christian Will Hope Faith Joy Summer Winter Autumn Spring Sunday Monday Friday Major General King Prince Princess Queen Duke Earl Bishop Pope Sister Brother Angel Justice Liberty Unity Trinity Destiny Chance Chase Miles Page Reading Bill? Pat? Gay Grant? Guy? Rich Sterling Sunny Young Royal Rule Lane Hunter? Carter? Price Victory Glory Harmony Honor Honour Patience Prudence Charity Mercy Precious Trust Worth Deal Free Holy Ocean River Sky Storm Rain Snow Star Moon Sun Wolf Bear Fox North South East West America Africa Europe Asia London Paris Washington Israel Jordan Georgia Chad Kenya Lebanon India China Syria Jersey Sydney Florida Carolina Virginia Dakota Kansas Tennessee Texas Nevada Montana Arizona Indiana Phoenix Dallas Houston Denver Memphis Orlando Boston Madison? Zion Mecca Jerusalem Ireland Scotland England Britain Canada Ghana Mali Niger Nigeria Sudan Cuba Chile Peru Iran Iraq Oman Qatar Yemen Libya Egypt Russia Ukraine Italy Spain Sweden Norway Finland Poland Hungary Austria Germany France Holland Belgium Congo Uganda Guinea Gabon Benin Togo Angola Zambia Malawi Rwanda Burundi Somalia Eritrea Ethiopia Tunisia Algeria Morocco Israel Palestine Gaza Ramallah'.split(/\s+/),
};
const KEEP = {
  it: 'Rosa Franco Angelo Angela Serena Gemma Bianca Fortunato Benedetto Marino Stella Vittoria Gino Pia Pietro Paola Paolo Sergio Mario Carlo Carla Lucia Luce Dario Pio Marco Marta Mara Nicola Andrea Giorgia Elena Anna Laura Sara Giovanni Giuseppe Teresa Elisa Silvia Sofia Renato Renata Salvatore Vincenzo Raffaele Fabio Matteo Luca Luigi Enrico Massimo Roberto Stefano Simone Tommaso Carmela Carmine Rocco Sole Patrizia Vera Ilaria Gioia Chiara Nina Leo Leone Leonardo Federico Ivo Ugo Guido Dino Lino Tino Marina Mirella Renzo Aldo Alba Amedeo Amato Benito Bruno Camilla Costanza Corrado Fausto Flavio Dante Ettore Orlando Ottavio Otello Piero Primo Sabino Severino Silvano Tullio Valerio Vito Vittorio Claudio Claudia Emilia Emilio Ernesto Eugenio Fiore Gaetano Giulio Giulia Lorenzo Michele Noemi Oscar Rita Romano Romana Sandro Sergio Tiziana Valentina Valentino Viola Zeno Gino Ada Dora Eva Ida Irma Lea Lia Tea Alessio Mattia Domenico Cesare Adriano Umberto Luciano Alberto Riccardo Gianni Giorgio Barbara Aurora Augusto Armando Margherita Letizia Grazia Giuliano Linda Gustavo Rosario Donato Graziano Nunzio Gaia Franca Bruna Clemente Cristiano Cristiana Benedetta Battista Patrizio Mia Mila Mina Otto Remo Tessa Toni Flora Norma Ali Andrei Dan Ben Levi Han Li Ed Stan Omero Ottone Desiderio Santino Donata Agata Albina Albino Angelica Celia Min Lee Park Amir Taro Bola Wen Serge Maxim Ion Kim'.split(/\s+/),
  en: 'Mark Bill Frank Victor Grace Rose Ruby Jack Ray Guy Pat Sue Gene Rob Will Grant Hunter Carter Mason Cooper Taylor Madison Austin Dean Drew Harry Jim John Joe Don Donald Jerry Jay Kay Ken Dick Sandy Rusty Jean Ben Tom Tim Kim Kit Nick Norm Pete Sam Ted Walt Wade Art Al Bob Mike Max Rick Rich? Bud Buck Earl? Faith? Penny Peg Dawn Joy? Amber Crystal Daisy Holly Ivy Iris Violet Olive Pearl Ginger Brook Brooke Heather Hazel Jasmine Lily Poppy Rosemary Sage Sierra Stone Tucker Wayne Wiley Cliff Dale Dell Glen Glenn Heath Hugh Lance Lewis Marshall Neil Noel Norman Pierce Porter Reed Rod Royce Sherman Spencer Stanley Sterling Tony Warren Wesley Forest Forrest Jewel Lincoln Hope Bernie Angela Nancy Chuck Rudy Ron Newt Mitch Marco Kamala Joseph Benjamin Boris Olaf Emmanuel Vladimir Xi Kim Hunter Dominic Rex Roy Victoria Regina Felix Leo Leon Rafael Gabriel Daniel Michael Sergio Mario Angelo Rosa Maria Marcel Min Lee Park Amir Brad Matt Josh Hank Curt Dirk Troy Ed Eddy Eve Dieter Serge Florin Clay Jade Lea Levy Sander Mads Mats Garret Willow Piper Taro Bola Yaw Wen Maxim Ion Ali Han Li Andrei Dan Ben'.split(/\s+/),
};

const EXTRA_IT = `Vladimir Volodymyr Sergej Dmitrij Aleksej Evgenij Jurij Nikolaj Andrej Maksim Michail Gennadij Anatolij Valerij Vasilij Arkadij Grigorij Georgij Jevgenij Juri Aleksandr Aleksandra Julija Ljudmila Svetlana Elvira Recep Ursula Giorgia Elly Ignazio Matteo Sergio Antonio Giuseppe Giancarlo Gianfranco Pierluigi Pierferdinando Piersilvio Gianluigi Gennaro Calogero Baldassare`;
const EXTRA_EN = `Joe Donald Kamala Barack Hillary Mike Marco Pete JD Tulsi Kash Pam Lloyd Antony Jake Karine Mitch Chuck Nancy Hakeem Kevin Elon Vivek Ron Nikki Rishi Keir Liz Boris Theresa Yvette Rachel Angela David Ed Kemi`;

function main() {
  const faker = path.resolve(fakerDir);
  const { allLocales } = require(path.join(faker, 'dist', 'index.js'));
  const names = new Map(); // name -> set of sources
  const add = (n, src) => {
    n = n.normalize('NFC').trim();
    if (!n || n.length < 2) return;
    if (!/^\p{Lu}[\p{L}\p{M}'’-]*\p{L}$/u.test(n) || /^\p{Lu}\p{Lu}/u.test(n)) return;          // one capitalised token
    if (/[-'’]{2}/.test(n)) return;
    if (!names.has(n)) names.set(n, new Set());
    names.get(n).add(src);
  };
  for (const loc of LATIN) {
    const p = allLocales[loc] && allLocales[loc].person;
    if (!p || !p.first_name) continue;
    const fn = p.first_name;
    for (const n of [...(fn.generic || []), ...(fn.female || []), ...(fn.male || [])]) add(n, loc);
  }
  for (const loc of CYRILLIC) {
    const fn = allLocales[loc].person.first_name;
    for (const n of [...(fn.generic || []), ...(fn.female || []), ...(fn.male || [])]) for (const t of translit(n, loc)) add(t, loc);
  }
  for (const n of HAND.split(/\s+/)) add(n, 'hand');
  const results = {};
  for (const lang of ['it', 'en']) {
    const words = loadWords(lang === 'it' ? itWords : enWords);
    const other = lang === 'it' ? loadWords(enWords) : null; // English words also turn up in Italian news
    const fw = loadList(path.join(root, 'data', 'lang', lang, 'function_words.txt'));
    const titles = loadList(path.join(root, 'data', 'lang', lang, 'titles.txt'));
    const orgs = loadList(path.join(root, 'data', 'lang', lang, 'org_keywords.txt'));
    // both drop lists apply to both languages: Italian words turn up in English news and vice versa
    const drop = new Set([...DROP.it, ...DROP.en].filter((w) => !w.endsWith('?')));
    const keep = new Set(KEEP[lang].filter((w) => !w.endsWith('?')));
    const pool = new Map(names);
    for (const n of (lang === 'it' ? EXTRA_IT : EXTRA_EN).split(/\s+/)) if (n.length >= 2) pool.set(n, new Set(['hand']));
    const out = [];
    const dropped = [];
    for (const [n] of pool) {
      const lc = n.toLowerCase();
      let why = null;
      if (drop.has(n)) why = 'drop-list';
      else if (fw.has(lc)) why = 'function word';
      else if (titles.has(lc) || orgs.has(lc)) why = 'title/org keyword';
      else if (!keep.has(n) && words.lower.has(lc)) {
        // a lowercase word of the language; English names the dictionary also knows as proper
        // nouns are kept unless their lowercase twin is short and frequent-looking
        if (!(lang === 'en' && words.cap.has(n) && lc.length > 4)) why = 'common word';
      } else if (other && !keep.has(n) && !KEEP.en.includes(n) && other.lower.has(lc) && !other.cap.has(n)) why = 'common English word';
      if (why) dropped.push(`${n}\t${why}`); else out.push(n);
    }
    out.sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : a > b ? 1 : 0));
    const header = `# Given (first) names, one a line, used to type unknown capitalised spans "Given Surname" as people.
# Generated by scripts/gen-given-names.js from @faker-js/faker locale data (MIT) plus hand additions;
# see data/lang/SOURCES.md. Names that are common ${lang === 'it' ? 'Italian' : 'English'} words or sentence starters are removed.
# East Asian family names (Kim, Xi, Li…) are included because they come first in a person's name.
`;
    fs.writeFileSync(path.join(root, 'data', 'lang', lang, 'given_names.txt'), header + out.join('\n') + '\n');
    if (process.env.GN_DEBUG) fs.writeFileSync(`/tmp/given_dropped_${lang}.tsv`, dropped.sort().join('\n') + '\n');
    results[lang] = out.length;
  }
  // well-known names, for gen-places.js (cities that share a frequent given name are skipped there)
  if (process.env.GN_MAJOR_OUT) {
    const major = [...names].filter(([, s]) => [...s].some((x) => MAJOR.has(x) || x === 'hand')).map(([n]) => n).sort();
    fs.writeFileSync(process.env.GN_MAJOR_OUT, major.join('\n') + '\n');
  }
  console.log(`given names: it ${results.it}, en ${results.en}`);
}
main();
