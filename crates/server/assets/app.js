// vedetta dashboard: plain JavaScript, no framework, no external resources.
//
// State lives in the URL query (filters, bucket, page offset, open document and event,
// UI language), so a view can be shared and reloaded. Panels load in parallel, each with
// its own AbortController; a panel is refetched only when its request changes. All text
// from the server is put into the page as text nodes (never as HTML).
//
// Offsets from the API are in Unicode characters (code points); JavaScript strings are
// UTF-16, so document text is split with Array.from before slicing.
'use strict';

(function () {
  const CONFIG = readConfig();
  const TYPES = CONFIG.types;
  const FILTER_KEYS = ['q', 'actor', 'recipient', 'country', 'place', 'place_country', 'near', 'type', 'aux', 'lang', 'from', 'to'];
  const CODE_KEYS = ['actor', 'recipient', 'country', 'place_country'];
  /** `near`: LAT,LON,KM as the API takes it. */
  const NEAR_RE = /^-?\d+(\.\d+)?\s*,\s*-?\d+(\.\d+)?\s*,\s*\d+(\.\d+)?$/;
  /** Most located events the map draws (the first of the filtered set, newest first). */
  const MAP_LIMIT = 1000;
  const PAGE = 50;
  const BUCKETS = ['day', 'week', 'month'];
  const DEBOUNCE_MS = 350;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  // ---------------------------------------------------------------------------------------
  // Labels

  const I18N = {
    en: {
      tagline: 'political events from the news',
      search: 'Search', searchPlaceholder: 'words in the text',
      egActor: 'e.g. RUS', egRecipient: 'e.g. UKR', egCountry: 'e.g. PRK',
      actor: 'Actor', recipient: 'Recipient', country: 'Country', type: 'Type', aux: 'Mode',
      language: 'Language', from: 'From', to: 'To', clear: 'Clear',
      anyType: 'any', anyAux: 'all', anyLang: 'any',
      timeline: 'Events by type', day: 'day', week: 'week', month: 'month',
      outliers: '{n} events far from the rest not drawn ({where})', showAll: 'show all',
      network: 'Who does what to whom', networkHint: 'click an arrow to filter the dyad',
      cooperation: 'cooperation', conflict: 'conflict',
      alerts: 'Alerts', events: 'Events',
      date: 'Date', dyad: 'Actor → recipient', attribution: 'According to', langShort: 'Lang',
      evidence: 'Evidence', prev: '← previous', next: 'next →', close: 'close',
      selectedEvent: 'Selected event', docEvents: 'Events in this document',
      timexes: 'Time expressions', quotes: 'Quotes',
      loading: 'Loading…', noEvents: 'No events match these filters.',
      noSeries: 'No events to chart for these filters.',
      noNetwork: 'No actor → recipient pairs for these filters.',
      noAlerts: 'No alerts: nothing unusual in the window.',
      alertsTested: '{tested} of {keys} dyads and countries had enough events to be tested.',
      noTimexes: 'none', noQuotes: 'none', noAttribution: 'the text itself (no source named)',
      missingEndpoint: 'this server has no {path} (an older vedetta?)',
      failed: 'Could not load: {msg}',
      pageInfo: '{a}–{b} of {total}', eventsCount: '{n} events', eventsCountOne: '1 event',
      imprecise: '{n} events dated only to a {what} or coarser are not in the bars',
      undated: '{n} undated', monthOrYear: 'month', year: 'year',
      barTitle: '{label}: {n} events', segTitle: '{label} · {type}: {n} (of {total})',
      edgeTitle: '{a} → {b}: {n} events · cooperation {coop}, conflict {conf}{score}',
      loopTitle: '{a} ↔ {a} (same country): {n} events',
      nodeTitle: '{a}: {n} events (click: country filter)',
      meanScore: ' · mean Goldstein {s}',
      alertWindow: 'window {a} – {b} vs baseline {c} – {d}',
      alertStats: '{w} events in {docs} docs vs {exp} expected · ×{ratio} · surprise {s}',
      eitherSide: '(either side)',
      asserted: 'asserted', historical: 'historical', future: 'future',
      hypothetical: 'hypothetical', negation: 'negation',
      evType: 'Type', evCameo: 'CAMEO', evQuad: 'Quad class', evScale: 'Goldstein',
      evDate: 'Date', evAux: 'Mode', evActor: 'Actor', evRecipient: 'Recipient',
      evTrigger: 'Trigger', evPattern: 'Pattern', evChain: 'Attribution (nearest first)',
      evQuantities: 'Quantities', dateFromTimex: 'from the text', dateFromDoc: 'document date',
      quad1: 'verbal cooperation', quad2: 'material cooperation',
      quad3: 'verbal conflict', quad4: 'material conflict',
      via: 'via', source: 'source', untitled: '(untitled)', reciprocal: 'reciprocal',
      docNotFound: 'Document not found.',
      placeFilter: 'Place', placeCountry: 'Where (country)', near: 'Near',
      egPlace: 'e.g. Kyiv', egPlaceCountry: 'e.g. UKR', egNear: 'lat,lon,km',
      map: 'Where', mapHint: 'click a point to filter the events near it', place: 'Place',
      mapNote: '{n} located events drawn', mapNoteCapped: 'the newest {n} of {total} located events drawn',
      noPlaces: 'No located events for these filters.',
      pointTitle: '{name} ({cc}): {n} events', clusterTitle: '{k} places, {n} events: {list}',
      evPlace: 'Place', evPlaceWhy: 'why',
    },
    it: {
      tagline: 'eventi politici dalle notizie',
      search: 'Cerca', searchPlaceholder: 'parole nel testo',
      egActor: 'es. RUS', egRecipient: 'es. UKR', egCountry: 'es. PRK',
      actor: 'Attore', recipient: 'Destinatario', country: 'Paese', type: 'Tipo', aux: 'Modalità',
      language: 'Lingua', from: 'Dal', to: 'Al', clear: 'Azzera',
      anyType: 'tutti', anyAux: 'tutte', anyLang: 'tutte',
      timeline: 'Eventi per tipo', day: 'giorno', week: 'settimana', month: 'mese',
      outliers: '{n} eventi lontani dagli altri non disegnati ({where})', showAll: 'mostra tutto',
      network: 'Chi fa cosa a chi', networkHint: 'clic su una freccia per filtrare la diade',
      cooperation: 'cooperazione', conflict: 'conflitto',
      alerts: 'Allerte', events: 'Eventi',
      date: 'Data', dyad: 'Attore → destinatario', attribution: 'Secondo', langShort: 'Lingua',
      evidence: 'Evidenza', prev: '← precedenti', next: 'successivi →', close: 'chiudi',
      selectedEvent: 'Evento selezionato', docEvents: 'Eventi in questo documento',
      timexes: 'Espressioni temporali', quotes: 'Citazioni',
      loading: 'Caricamento…', noEvents: 'Nessun evento corrisponde ai filtri.',
      noSeries: 'Nessun evento da rappresentare con questi filtri.',
      noNetwork: 'Nessuna coppia attore → destinatario con questi filtri.',
      noAlerts: 'Nessuna allerta: niente di insolito nella finestra.',
      alertsTested: '{tested} diadi e paesi su {keys} avevano abbastanza eventi per il test.',
      noTimexes: 'nessuna', noQuotes: 'nessuna', noAttribution: 'il testo stesso (nessuna fonte)',
      missingEndpoint: 'questo server non ha {path} (una versione precedente di vedetta?)',
      failed: 'Caricamento non riuscito: {msg}',
      pageInfo: '{a}–{b} di {total}', eventsCount: '{n} eventi', eventsCountOne: '1 evento',
      imprecise: '{n} eventi datati solo al {what} o meno non sono nelle barre',
      undated: '{n} senza data', monthOrYear: 'mese', year: 'anno',
      barTitle: '{label}: {n} eventi', segTitle: '{label} · {type}: {n} (su {total})',
      edgeTitle: '{a} → {b}: {n} eventi · cooperazione {coop}, conflitto {conf}{score}',
      loopTitle: '{a} ↔ {a} (stesso paese): {n} eventi',
      nodeTitle: '{a}: {n} eventi (clic: filtro per paese)',
      meanScore: ' · Goldstein medio {s}',
      alertWindow: 'finestra {a} – {b} rispetto a {c} – {d}',
      alertStats: '{w} eventi in {docs} documenti contro {exp} attesi · ×{ratio} · sorpresa {s}',
      eitherSide: '(in entrambi i ruoli)',
      asserted: 'affermato', historical: 'storico', future: 'futuro',
      hypothetical: 'ipotetico', negation: 'negato',
      evType: 'Tipo', evCameo: 'CAMEO', evQuad: 'Classe quad', evScale: 'Goldstein',
      evDate: 'Data', evAux: 'Modalità', evActor: 'Attore', evRecipient: 'Destinatario',
      evTrigger: 'Innesco', evPattern: 'Schema', evChain: 'Attribuzione (dalla più vicina)',
      evQuantities: 'Quantità', dateFromTimex: 'dal testo', dateFromDoc: 'data del documento',
      quad1: 'cooperazione verbale', quad2: 'cooperazione materiale',
      quad3: 'conflitto verbale', quad4: 'conflitto materiale',
      via: 'tramite', source: 'fonte', untitled: '(senza titolo)', reciprocal: 'reciproco',
      docNotFound: 'Documento non trovato.',
      placeFilter: 'Luogo', placeCountry: 'Dove (paese)', near: 'Vicino a',
      egPlace: 'es. Kyiv', egPlaceCountry: 'es. UKR', egNear: 'lat,lon,km',
      map: 'Dove', mapHint: 'clic su un punto per filtrare gli eventi vicini', place: 'Luogo',
      mapNote: '{n} eventi localizzati sulla mappa', mapNoteCapped: 'i {n} più recenti di {total} eventi localizzati sulla mappa',
      noPlaces: 'Nessun evento localizzato con questi filtri.',
      pointTitle: '{name} ({cc}): {n} eventi', clusterTitle: '{k} luoghi, {n} eventi: {list}',
      evPlace: 'Luogo', evPlaceWhy: 'perché',
    },
  };

  function t(key, vars) {
    const table = I18N[state.ui] || I18N.en;
    let s = table[key];
    if (s === undefined) s = I18N.en[key] !== undefined ? I18N.en[key] : key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] !== undefined ? String(vars[k]) : m));
    }
    return s;
  }

  function fmt(n) {
    return new Intl.NumberFormat(state.ui === 'it' ? 'it-IT' : 'en-US').format(n);
  }

  function fmtNum(x, digits) {
    if (x === null || x === undefined || !Number.isFinite(x)) return '–';
    return new Intl.NumberFormat(state.ui === 'it' ? 'it-IT' : 'en-US', {
      maximumFractionDigits: digits,
      minimumFractionDigits: 0,
    }).format(x);
  }

  // ---------------------------------------------------------------------------------------
  // State and URL

  const state = {
    filters: emptyFilters(),
    by: 'month',
    offset: 0,
    doc: null,
    ev: null,
    ui: defaultUi(),
  };

  function readConfig() {
    try {
      const node = document.getElementById('vedetta-config');
      const c = JSON.parse(node.textContent);
      if (c && Array.isArray(c.types)) return c;
    } catch (e) {
      // fall through to the defaults below
    }
    return { types: [], aux: ['asserted'], languages: ['en', 'it'], version: '' };
  }

  function emptyFilters() {
    const f = {};
    for (const k of FILTER_KEYS) f[k] = '';
    return f;
  }

  function defaultUi() {
    const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    return String(langs[0] || 'en').toLowerCase().startsWith('it') ? 'it' : 'en';
  }

  function readUrl() {
    const p = new URLSearchParams(location.search);
    const f = emptyFilters();
    for (const k of FILTER_KEYS) {
      let v = (p.get(k) || '').trim();
      if (CODE_KEYS.includes(k)) v = v.toUpperCase();
      f[k] = v;
    }
    // A shared `dyad=RUS-UKR` link becomes the actor and recipient filters.
    const dyad = (p.get('dyad') || '').trim().toUpperCase();
    if (dyad && !f.actor && !f.recipient) {
      const m = dyad.split('-');
      if (m.length === 2) { f.actor = m[0]; f.recipient = m[1]; }
    }
    state.filters = f;
    const by = p.get('by');
    state.by = BUCKETS.includes(by) ? by : 'month';
    const off = parseInt(p.get('offset') || '0', 10);
    state.offset = Number.isFinite(off) && off > 0 ? Math.floor(off / PAGE) * PAGE : 0;
    state.doc = p.get('doc') || null;
    state.ev = p.get('ev') || null;
    const ui = p.get('ui');
    if (ui === 'it' || ui === 'en') state.ui = ui;
  }

  function urlFor() {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) if (state.filters[k]) p.set(k, state.filters[k]);
    if (state.by !== 'month') p.set('by', state.by);
    if (state.offset) p.set('offset', String(state.offset));
    if (state.doc) p.set('doc', state.doc);
    if (state.ev) p.set('ev', state.ev);
    if (state.ui !== defaultUi()) p.set('ui', state.ui);
    const q = p.toString();
    return location.pathname + (q ? '?' + q : '');
  }

  function writeUrl(push) {
    const url = urlFor();
    if (url === location.pathname + location.search) return;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  }

  // ---------------------------------------------------------------------------------------
  // DOM helpers (text only: strings become text nodes)

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.from((root || document).querySelectorAll(sel)); }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    setAttrs(e, attrs);
    appendAll(e, children);
    return e;
  }

  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG_NS, tag);
    setAttrs(e, attrs);
    appendAll(e, children);
    return e;
  }

  function setAttrs(e, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') e.textContent = String(v);
      else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function appendAll(e, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) appendAll(e, c);
      else if (c instanceof Node) e.appendChild(c);
      else e.appendChild(document.createTextNode(String(c)));
    }
  }

  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }

  function svgTitle(text) { return svg('title', null, text); }

  /** At most `n` characters (code points) of `s`, with an ellipsis when cut. */
  function truncate(s, n) {
    const a = Array.from(s || '');
    return a.length > n ? a.slice(0, n).join('') + '…' : (s || '');
  }

  function debounce(fn, ms) {
    let timer = null;
    const d = (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => { timer = null; fn(...args); }, ms);
    };
    d.flush = () => { if (timer) { clearTimeout(timer); timer = null; fn(); } };
    return d;
  }

  // ---------------------------------------------------------------------------------------
  // API

  class ApiFailure extends Error {
    constructor(message, status, parameter) {
      super(message);
      this.status = status;
      this.parameter = parameter;
    }
  }

  function apiUrl(path, params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== '' && v !== null && v !== undefined) p.set(k, String(v));
    }
    const q = p.toString();
    return path + (q ? '?' + q : '');
  }

  async function api(path, params, signal) {
    const url = apiUrl(path, params);
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiFailure(String(e && e.message ? e.message : e), 0, null);
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      body = null;
    }
    if (!res.ok) {
      if (res.status === 404 && body && typeof body.error === 'string' && body.error.startsWith('no route')) {
        throw new ApiFailure(t('missingEndpoint', { path }), 404, null);
      }
      const msg = body && typeof body.error === 'string' ? body.error : `HTTP ${res.status}`;
      throw new ApiFailure(msg, res.status, body && body.parameter ? body.parameter : null);
    }
    if (body === null) throw new ApiFailure('not JSON', res.status, null);
    return body;
  }

  // Per panel: the controller of the request in flight and the key of the last good load.
  const inflight = {};
  const loadedKey = {};
  const data = {};
  const failures = {};

  function setStatus(name, kind, message) {
    const s = $(`[data-status="${name}"]`);
    if (!s) return;
    s.className = 'status' + (kind ? ' ' + kind : '');
    s.textContent = message || '';
    s.setAttribute('data-state', kind || 'ready');
    const panel = s.parentElement && s.parentElement.closest('[data-testid]');
    if (panel) panel.setAttribute('data-state', kind || 'ready');
  }

  /**
   * Loads one panel: skips when `key` equals the last good load, else aborts the request in
   * flight, shows the loading state, fetches, and hands the data to `render`.
   */
  async function loadPanel(name, key, fetcher, render, force) {
    if (!force && loadedKey[name] === key && data[name] !== undefined) return;
    if (inflight[name]) inflight[name].abort();
    const ctl = new AbortController();
    inflight[name] = ctl;
    setStatus(name, 'loading', t('loading'));
    try {
      const d = await fetcher(ctl.signal);
      if (ctl.signal.aborted) return;
      data[name] = d;
      failures[name] = undefined;
      loadedKey[name] = key;
      setStatus(name, '', '');
      render(d);
    } catch (e) {
      if (ctl.signal.aborted || (e && e.name === 'AbortError')) return;
      data[name] = undefined;
      loadedKey[name] = undefined;
      failures[name] = e && e.message ? e.message : String(e);
      setStatus(name, 'error', t('failed', { msg: failures[name] }));
      render(null);
    } finally {
      if (inflight[name] === ctl) inflight[name] = null;
    }
  }

  /** The event filters as API parameters. */
  function filterParams() {
    const p = {};
    for (const k of FILTER_KEYS) if (state.filters[k]) p[k] = state.filters[k];
    return p;
  }

  /** Filters for /api/series and /api/network, whose `aux` defaults to asserted: an empty
   * mode filter means every mode there too, as in the event table. */
  function aggregateParams() {
    const p = filterParams();
    if (!p.aux) p.aux = 'all';
    return p;
  }

  function loadAll() {
    if (!codeNames.size) loadCodeNames();
    loadTimeline();
    loadNetwork();
    loadMap();
    loadAlerts();
    loadEvents();
    if (state.doc) loadDoc();
    else hideDoc();
  }

  // ---------------------------------------------------------------------------------------
  // Colours

  const TYPE_COLOURS = {
    AGREE: '#1f77b4', CONSULT: '#6baed6', SUPPORT: '#17becf', CONCEDE: '#9ecae1',
    COOPERATE: '#2ca02c', AID: '#98df8a', RETREAT: '#bcbd22', REQUEST: '#9467bd',
    ACCUSE: '#ff7f0e', REJECT: '#ffbb78', THREATEN: '#e377c2', PROTEST: '#c49c94',
    SANCTION: '#8c564b', MOBILIZE: '#7f7f7f', COERCE: '#ff9896', ASSAULT: '#d62728',
  };
  const SPARE = ['#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

  function hashOf(s) {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0;
  }

  function typeColour(type) {
    return TYPE_COLOURS[type] || SPARE[hashOf(type) % SPARE.length];
  }

  const COUNTRY_COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2',
    '#17becf', '#ff7f0e', '#393b79', '#637939', '#7b4173', '#bcbd22'];

  function countryColour(code) {
    return COUNTRY_COLOURS[hashOf(String(code || '').slice(0, 3)) % COUNTRY_COLOURS.length];
  }

  /** Blue for all cooperation, red for all conflict, mixed by share; grey when neither. */
  function shareColour(coop, conf) {
    const n = coop + conf;
    if (!n) return '#9aa3ab';
    const s = coop / n;
    const red = [214, 39, 40];
    const blue = [31, 119, 180];
    const c = red.map((r, i) => Math.round(r + (blue[i] - r) * s));
    return `rgb(${c[0]},${c[1]},${c[2]})`;
  }

  // ---------------------------------------------------------------------------------------
  // Timeline (stacked bars by type)

  function loadTimeline() {
    const params = Object.assign(aggregateParams(), { by: state.by });
    const key = apiUrl('/api/series', params);
    for (const b of $all('[data-by]')) b.setAttribute('aria-pressed', String(b.dataset.by === state.by));
    return loadPanel('timeline', key, (signal) => api('/api/series', params, signal), renderTimeline);
  }

  /**
   * The buckets to draw: from each end, a stretch holding at most 5 % of the events (and at
   * most 20 of them) cut off from the rest by empty buckets covering at least a third of the
   * axis is left out. Returns the range kept and the non-empty buckets left out.
   */
  function zoomRange(buckets) {
    let lo = 0, hi = buckets.length;
    const total = buckets.reduce((a, b) => a + (b.events || 0), 0);
    const out = [];
    const busy = (i) => (buckets[i].events || 0) > 0;
    for (let changed = true; changed;) {
      changed = false;
      const idx = [];
      for (let i = lo; i < hi; i++) if (busy(i)) idx.push(i);
      if (idx.length < 2) break;
      // the widest gap between non-empty buckets
      let gi = -1, gw = 0;
      for (let k = 1; k < idx.length; k++) if (idx[k] - idx[k - 1] > gw) { gw = idx[k] - idx[k - 1]; gi = k; }
      if (gw * 3 < hi - lo) break;
      const left = idx.slice(0, gi).reduce((a, i) => a + buckets[i].events, 0);
      const right = idx.slice(gi).reduce((a, i) => a + buckets[i].events, 0);
      const small = (n) => n <= Math.max(1, Math.min(20, total * 0.05));
      if (small(left) && left <= right) {
        for (const i of idx.slice(0, gi)) out.push(buckets[i]);
        lo = idx[gi];
        changed = true;
      } else if (small(right)) {
        for (const i of idx.slice(gi)) out.push(buckets[i]);
        hi = idx[gi - 1] + 1;
        changed = true;
      }
    }
    return { lo, hi, out };
  }

  function niceMax(m) {
    if (m <= 5) return Math.max(1, m);
    const p = Math.pow(10, Math.floor(Math.log10(m)));
    for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= m) return k * p;
    return 10 * p;
  }

  function renderTimeline(series) {
    const box = $('#timeline');
    const legend = $('#legend');
    const note = $('#timeline-note');
    clear(box); clear(legend); note.textContent = '';
    if (!series) return;
    let buckets = Array.isArray(series.buckets) ? series.buckets : [];
    const total = series.total || { events: 0, by_type: {} };
    const inBars = buckets.reduce((a, b) => a + (b.events || 0), 0);
    const notes = [];
    const imprecise = (series.imprecise || []).reduce((a, b) => a + (b.events || 0), 0);
    if (imprecise) {
      notes.push(t('imprecise', { n: fmt(imprecise), what: state.by === 'month' ? t('year') : t('monthOrYear') }));
    }
    if (series.undated) notes.push(t('undated', { n: fmt(series.undated) }));
    note.textContent = notes.join(' · ');
    if (!inBars) {
      setStatus('timeline', 'empty', t('noSeries'));
      box.setAttribute('data-bars', '0');
      return;
    }
    // Zoom to where the events are: a few events far from the rest (one 1996 report in a
    // 2024 corpus) would stretch the axis over decades; they are noted, not drawn.
    const zoom = state.fullTimeline ? { lo: 0, hi: buckets.length, out: [] } : zoomRange(buckets);
    if (zoom.out.length) {
      const n = zoom.out.reduce((a, b) => a + (b.events || 0), 0);
      const labels = zoom.out.map((b) => b.label);
      const more = el('button', { type: 'button', class: 'linkish', 'data-testid': 'timeline-all',
        onclick: () => { state.fullTimeline = true; renderTimeline(series); } }, t('showAll'));
      note.appendChild(document.createTextNode((note.textContent ? ' · ' : '') +
        t('outliers', { n: fmt(n), where: labels.length > 3 ? `${labels[0]} … ${labels[labels.length - 1]}` : labels.join(', ') }) + ' '));
      note.appendChild(more);
    }
    buckets = buckets.slice(zoom.lo, zoom.hi);
    const order = TYPES.concat(Object.keys(total.by_type || {}).filter((x) => !TYPES.includes(x)).sort());
    const W = 900, H = 230, ml = 40, mr = 8, mt = 10, mb = 36;
    const pw = W - ml - mr, ph = H - mt - mb;
    const n = buckets.length;
    const max = niceMax(Math.max(...buckets.map((b) => b.events || 0)));
    const bw = pw / n;
    const gap = bw > 4 ? Math.min(bw * 0.18, 6) : 0;
    const y = (v) => mt + ph - (v / max) * ph;
    const root = svg('svg', {
      viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('timeline'),
      preserveAspectRatio: 'xMidYMid meet', 'data-testid': 'timeline-svg',
    });
    // y axis: 0, half, max
    for (const v of [0, max / 2, max]) {
      const yy = y(v);
      root.appendChild(svg('line', { class: 'axis', x1: ml, x2: W - mr, y1: yy, y2: yy }));
      root.appendChild(svg('text', { x: ml - 6, y: yy + 4, 'text-anchor': 'end' }, fmtNum(v, 1)));
    }
    const every = Math.max(1, Math.ceil(n / 12));
    let bars = 0;
    buckets.forEach((b, i) => {
      const x = ml + i * bw + gap / 2;
      const w = Math.max(bw - gap, 0.6);
      const g = svg('g', {
        class: 'bar', 'data-testid': 'timeline-bar', 'data-label': b.label,
        'data-events': b.events || 0, tabindex: b.events ? 0 : null, role: b.events ? 'button' : null,
      });
      g.appendChild(svgTitle(t('barTitle', { label: b.label, n: fmt(b.events || 0) })));
      // a transparent full-height target, so thin bars can be hovered and clicked
      g.appendChild(svg('rect', { x, y: mt, width: w, height: ph, fill: 'transparent' }));
      let acc = 0;
      for (const type of order) {
        const c = (b.by_type || {})[type] || 0;
        if (!c) continue;
        const y0 = y(acc + c), y1 = y(acc);
        const r = svg('rect', {
          class: 'bar-seg', 'data-type': type, x, y: y0, width: w,
          height: Math.max(y1 - y0, 0.5), fill: typeColour(type),
        });
        r.appendChild(svgTitle(t('segTitle', { label: b.label, type, n: fmt(c), total: fmt(b.events) })));
        g.appendChild(r);
        acc += c;
        bars++;
      }
      if (b.events) {
        const select = () => setFilters({ from: String(b.start), to: String(b.end) }, true);
        g.addEventListener('click', select);
        g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(); } });
      }
      root.appendChild(g);
      if (i % every === 0) {
        root.appendChild(svg('text', { x: x + w / 2, y: H - mb + 16, 'text-anchor': 'middle' }, b.label));
      }
    });
    box.setAttribute('data-bars', String(bars));
    box.appendChild(root);
    // legend: the types counted, with counts; click filters by type
    for (const type of order) {
      const c = (total.by_type || {})[type] || 0;
      if (!c) continue;
      const sw = el('span', { class: 'swatch' });
      sw.style.background = typeColour(type);
      const active = state.filters.type === type;
      legend.appendChild(el('button', {
        type: 'button', 'data-testid': 'legend-item', 'data-type': type, 'aria-pressed': String(active),
        onclick: () => setFilters({ type: active ? '' : type }, true),
      }, sw, `${type} ${fmt(c)}`));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Dyad network (circle layout, deterministic)

  function loadNetwork() {
    const params = Object.assign(aggregateParams(), { level: 'country', limit: 40 });
    const key = apiUrl('/api/network', params);
    return loadPanel('network', key, (signal) => api('/api/network', params, signal), renderNetwork);
  }

  function renderNetwork(net) {
    const box = $('#network');
    clear(box);
    if (!net) return;
    const edges = (net.edges || []).slice();
    if (!edges.length) {
      setStatus('network', 'empty', t('noNetwork'));
      return;
    }
    // Nodes: those of the edges, largest first (ties by code), placed on a circle.
    const counts = new Map();
    for (const nd of net.nodes || []) counts.set(nd.id, nd.events || 0);
    for (const e of edges) {
      for (const id of [e.actor, e.recipient]) if (!counts.has(id)) counts.set(id, 0);
    }
    const ids = Array.from(counts.keys()).sort((a, b) => (counts.get(b) - counts.get(a)) || (a < b ? -1 : a > b ? 1 : 0));
    const W = 560, H = 440, cx = W / 2, cy = H / 2;
    const R = Math.min(W, H) / 2 - 46;
    const maxNode = Math.max(1, ...ids.map((id) => counts.get(id)));
    const pos = new Map();
    ids.forEach((id, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / ids.length;
      const r = ids.length === 1 ? 0 : R;
      pos.set(id, { x: cx + r * Math.cos(a), y: cy + r * Math.sin(a), a, r: 7 + 11 * Math.sqrt(counts.get(id) / maxNode) });
    });
    const maxEdge = Math.max(1, ...edges.map((e) => e.events || 0));
    const root = svg('svg', {
      viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('network'), 'data-testid': 'network-svg',
    });
    const edgeLayer = svg('g');
    const nodeLayer = svg('g');
    root.appendChild(edgeLayer);
    root.appendChild(nodeLayer);
    // Heaviest first, so lighter edges stay on top and clickable.
    edges.sort((a, b) => (b.events - a.events) || (a.actor + a.recipient < b.actor + b.recipient ? -1 : 1));
    for (const e of edges) {
      const coop = e.cooperation || 0, conf = e.conflict || 0;
      const colour = shareColour(coop, conf);
      const width = 1.2 + 8 * ((e.events || 0) / maxEdge);
      const p = pos.get(e.actor), q = pos.get(e.recipient);
      let d, arrow = null, title;
      if (e.actor === e.recipient) {
        // a loop outside the node, away from the centre
        const ux = ids.length === 1 ? 0 : Math.cos(p.a), uy = ids.length === 1 ? -1 : Math.sin(p.a);
        const lx = p.x + ux * (p.r + 12), ly = p.y + uy * (p.r + 12);
        const rr = 10;
        d = `M ${lx - rr} ${ly} a ${rr} ${rr} 0 1 0 ${2 * rr} 0 a ${rr} ${rr} 0 1 0 ${-2 * rr} 0`;
        title = t('loopTitle', { a: e.actor, n: fmt(e.events) });
      } else {
        const dx = q.x - p.x, dy = q.y - p.y;
        const len = Math.hypot(dx, dy) || 1;
        // bend to the right of the direction, so A→B and B→A do not overlap
        const bend = 0.14 * len;
        const c = { x: (p.x + q.x) / 2 - (dy / len) * bend, y: (p.y + q.y) / 2 + (dx / len) * bend };
        const from = towards(p, c, p.r + 2);
        const head = Math.max(7, width * 1.6);
        const tip = towards(q, c, q.r + 2);
        const base = towards(tip, c, head);
        d = `M ${from.x.toFixed(1)} ${from.y.toFixed(1)} Q ${c.x.toFixed(1)} ${c.y.toFixed(1)} ${base.x.toFixed(1)} ${base.y.toFixed(1)}`;
        const ux = (tip.x - base.x) / head, uy = (tip.y - base.y) / head;
        const hw = head * 0.55;
        arrow = `M ${tip.x.toFixed(1)} ${tip.y.toFixed(1)} L ${(base.x - uy * hw).toFixed(1)} ${(base.y + ux * hw).toFixed(1)} L ${(base.x + uy * hw).toFixed(1)} ${(base.y - ux * hw).toFixed(1)} Z`;
        const score = e.score_mean === null || e.score_mean === undefined ? '' : t('meanScore', { s: fmtNum(e.score_mean, 1) });
        title = t('edgeTitle', { a: e.actor, b: e.recipient, n: fmt(e.events), coop: fmt(coop), conf: fmt(conf), score });
      }
      const active = state.filters.actor === e.actor && state.filters.recipient === e.recipient;
      const g = svg('g', {
        class: 'net-group', 'data-testid': 'network-edge', 'data-actor': e.actor,
        'data-recipient': e.recipient, 'data-events': e.events, tabindex: 0, role: 'button',
        'aria-label': title,
      });
      g.appendChild(svgTitle(title));
      g.appendChild(svg('path', { class: 'net-hit', d }));
      g.appendChild(svg('path', { class: 'net-edge' + (active ? ' active' : ''), d, stroke: colour, 'stroke-width': width.toFixed(1) }));
      if (arrow) g.appendChild(svg('path', { class: 'net-edge' + (active ? ' active' : ''), d: arrow, fill: colour }));
      const select = () => setFilters({ actor: e.actor, recipient: e.recipient, country: '' }, true);
      g.addEventListener('click', select);
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(); } });
      edgeLayer.appendChild(g);
    }
    for (const id of ids) {
      const p = pos.get(id);
      const active = state.filters.country === id || state.filters.actor === id || state.filters.recipient === id;
      const g = svg('g', {
        class: 'net-node' + (active ? ' active' : ''), 'data-testid': 'network-node', 'data-id': id,
        tabindex: 0, role: 'button', transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`,
      });
      const title = t('nodeTitle', { a: id, n: fmt(counts.get(id)) });
      g.appendChild(svgTitle(title));
      g.appendChild(svg('circle', { r: p.r.toFixed(1) }));
      // label outside the circle
      const lx = ids.length === 1 ? 0 : Math.cos(p.a) * (p.r + 14);
      const ly = ids.length === 1 ? -(p.r + 8) : Math.sin(p.a) * (p.r + 14) + 4;
      g.appendChild(svg('text', { x: lx.toFixed(1), y: ly.toFixed(1), 'text-anchor': Math.abs(lx) < 4 ? 'middle' : lx > 0 ? 'start' : 'end' }, id));
      const select = () => setFilters({ country: state.filters.country === id ? '' : id, actor: '', recipient: '' }, true);
      g.addEventListener('click', select);
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(); } });
      nodeLayer.appendChild(g);
    }
    box.appendChild(root);
  }

  /** The point `dist` away from `p` towards `c`. */
  function towards(p, c, dist) {
    const dx = c.x - p.x, dy = c.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    return { x: p.x + (dx / len) * dist, y: p.y + (dy / len) * dist };
  }

  // ---------------------------------------------------------------------------------------
  // Map (country outlines from /assets/world.json; located events as points)

  const MAP_W = 720, MAP_H = 360;
  /** Latitudes drawn: 84°N to 60°S (no Antarctica). */
  const MAP_TOP = 84, MAP_BOTTOM = -60;
  /** Points closer than this (in map units) are drawn as one cluster. */
  const CLUSTER_CELL = 16;
  let worldPaths = null;

  function project(lon, lat) {
    return [(lon + 180) * (MAP_W / 360), (90 - lat) * (MAP_H / 180)];
  }

  /** The path of one ring. A ring crossing the antimeridian (Russia, Fiji) is unwrapped to
   * stay continuous, drawn past the map's edge and once more shifted by the map's width (the
   * view box cuts both), so no line crosses the whole map. */
  function ringPath(pts) {
    const xs = [pts[0][0]];
    let shift = 0;
    for (let i = 1; i < pts.length; i++) {
      const dx = pts[i][0] - pts[i - 1][0];
      if (dx > MAP_W / 2) shift -= MAP_W;
      else if (dx < -MAP_W / 2) shift += MAP_W;
      xs.push(pts[i][0] + shift);
    }
    const lo = Math.min(...xs), hi = Math.max(...xs);
    const one = (off) => 'M' + pts.map((p, i) => (xs[i] + off).toFixed(1) + ',' + p[1].toFixed(1)).join('L') + 'Z';
    let d = one(0);
    if (lo < 0) d += one(MAP_W);
    if (hi > MAP_W) d += one(-MAP_W);
    return d;
  }

  /** The SVG paths of the countries of a TopoJSON topology (quantised, delta-encoded arcs). */
  function topoPaths(topo) {
    const [sx, sy] = topo.transform.scale;
    const [tx, ty] = topo.transform.translate;
    const arcs = topo.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return project(x * sx + tx, y * sy + ty); });
    });
    const arcPoints = (i) => (i >= 0 ? arcs[i] : arcs[~i].slice().reverse());
    const out = [];
    for (const g of topo.objects.countries.geometries) {
      const polys = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
      let d = '';
      for (const poly of polys) {
        for (const ring of poly) {
          const pts = [];
          for (const i of ring) {
            const a = arcPoints(i);
            for (let j = pts.length ? 1 : 0; j < a.length; j++) pts.push(a[j]);
          }
          if (pts.length > 2) d += ringPath(pts);
        }
      }
      if (d) out.push({ name: (g.properties && g.properties.name) || '', d });
    }
    return out;
  }

  function loadWorld(signal) {
    if (worldPaths) return Promise.resolve(worldPaths);
    const v = encodeURIComponent(CONFIG.version || '');
    return fetch('/assets/world.json?v=' + v, { signal }).then((res) => {
      if (!res.ok) throw new ApiFailure(`/assets/world.json: HTTP ${res.status}`, res.status, null);
      return res.json();
    }).then((topo) => { worldPaths = topoPaths(topo); return worldPaths; });
  }

  function loadMap() {
    const params = Object.assign(filterParams(), { located: 'true', limit: MAP_LIMIT, order: 'desc' });
    const key = apiUrl('/api/events', params);
    return loadPanel('map', key, async (signal) => {
      const [paths, page] = await Promise.all([loadWorld(signal), api('/api/events', params, signal)]);
      return { paths, page };
    }, renderMap);
  }

  /** Great-circle distance in km. */
  function distanceKm(lat1, lon1, lat2, lon2) {
    const r = Math.PI / 180;
    const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2
      + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  function placeTitle(l) {
    if (!l) return '';
    const parts = [l.resolved_place, l.admin1_name, l.country_code].filter(Boolean);
    return `${parts.join(', ')} · ${l.reason}` + (l.extracted_place ? ` · “${l.extracted_place}”` : '');
  }

  /** Places (one per GeoNames id) with their events, then clusters of places in one cell. */
  function mapClusters(events) {
    const places = new Map();
    for (const e of events) {
      const l = e.location;
      if (!l || !Number.isFinite(l.lat) || !Number.isFinite(l.lon)) continue;
      const key = `${l.geonameid}:${l.lat}:${l.lon}`;
      let p = places.get(key);
      if (!p) {
        const [x, y] = project(l.lon, l.lat);
        p = { name: l.resolved_place, cc: l.country_code, lat: l.lat, lon: l.lon, x, y, n: 0 };
        places.set(key, p);
      }
      p.n += 1;
    }
    // Heaviest places first (ties by name), each joining the first cluster within a cell.
    const list = Array.from(places.values()).sort((a, b) => (b.n - a.n) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const clusters = [];
    for (const p of list) {
      const c = clusters.find((k) => Math.hypot(k.x - p.x, k.y - p.y) < CLUSTER_CELL);
      if (c) c.places.push(p);
      else clusters.push({ x: p.x, y: p.y, places: [p] });
    }
    for (const c of clusters) {
      c.n = c.places.reduce((s, p) => s + p.n, 0);
      // the centre: the events' mean position (in degrees), and a radius reaching every place
      c.lat = c.places.reduce((s, p) => s + p.lat * p.n, 0) / c.n;
      c.lon = c.places.reduce((s, p) => s + p.lon * p.n, 0) / c.n;
      if (c.places.length === 1) { c.lat = c.places[0].lat; c.lon = c.places[0].lon; }
      [c.x, c.y] = project(c.lon, c.lat);
      const far = Math.max(...c.places.map((p) => distanceKm(c.lat, c.lon, p.lat, p.lon)));
      c.km = Math.max(1, Math.ceil(far + 1));
    }
    return clusters;
  }

  function renderMap(d) {
    const box = $('#map');
    const note = $('#map-note');
    clear(box);
    note.textContent = '';
    if (!d) return;
    const events = (d.page && d.page.events) || [];
    const total = (d.page && d.page.total) || 0;
    const y0 = project(0, MAP_TOP)[1], y1 = project(0, MAP_BOTTOM)[1];
    const root = svg('svg', {
      class: 'map-svg', viewBox: `0 ${y0.toFixed(1)} ${MAP_W} ${(y1 - y0).toFixed(1)}`,
      role: 'img', 'aria-label': t('map'), 'data-testid': 'map-svg',
    });
    const land = svg('g', { 'data-testid': 'map-land' });
    for (const c of d.paths) {
      const path = svg('path', { class: 'map-land', d: c.d, 'data-testid': 'map-country' });
      path.appendChild(svgTitle(c.name));
      land.appendChild(path);
    }
    root.appendChild(land);
    const pts = svg('g');
    root.appendChild(pts);
    box.appendChild(root);
    // the `near` filter's circle, when one is set
    const m = NEAR_RE.test(state.filters.near || '') ? state.filters.near.split(',').map(Number) : null;
    if (m) {
      const [cx, cy] = project(m[1], m[0]);
      const r = Math.max(3, (m[2] / 111.2) * (MAP_W / 360));
      pts.appendChild(svg('circle', { class: 'map-near', cx: cx.toFixed(1), cy: cy.toFixed(1), r: r.toFixed(1), 'data-testid': 'map-near' }));
    }
    if (!total) {
      setStatus('map', 'empty', t('noPlaces'));
      return;
    }
    note.textContent = total > events.length
      ? t('mapNoteCapped', { n: fmt(events.length), total: fmt(total) })
      : t('mapNote', { n: fmt(total) });
    note.setAttribute('data-total', String(total));
    const clusters = mapClusters(events);
    const maxN = Math.max(1, ...clusters.map((c) => c.n));
    // Largest first, so small points stay on top and clickable.
    clusters.sort((a, b) => b.n - a.n);
    for (const c of clusters) {
      const near = `${c.lat.toFixed(4)},${c.lon.toFixed(4)},${c.km}`;
      const many = c.places.length > 1;
      const title = many
        ? t('clusterTitle', { k: c.places.length, n: fmt(c.n), list: c.places.slice(0, 6).map((p) => `${p.name} ${p.n}`).join(', ') + (c.places.length > 6 ? ', …' : '') })
        : t('pointTitle', { name: c.places[0].name, cc: c.places[0].cc, n: fmt(c.n) });
      const active = state.filters.near === near;
      const g = svg('g', {
        class: 'map-point' + (many ? ' cluster' : '') + (active ? ' active' : ''),
        'data-testid': 'map-point', 'data-events': c.n, 'data-places': c.places.length,
        'data-near': near, 'data-name': c.places[0].name, tabindex: 0, role: 'button', 'aria-label': title,
        transform: `translate(${c.x.toFixed(1)} ${c.y.toFixed(1)})`,
      });
      g.appendChild(svgTitle(title));
      const r = 3 + 8 * Math.sqrt(c.n / maxN);
      g.appendChild(svg('circle', { r: r.toFixed(1) }));
      if (c.n > 1 && r >= 6) g.appendChild(svg('text', { 'text-anchor': 'middle', y: '3' }, c.n > 999 ? '1k+' : String(c.n)));
      const select = () => setFilters({ near: state.filters.near === near ? '' : near, place: '' }, true);
      g.addEventListener('click', select);
      g.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(); } });
      pts.appendChild(g);
    }
  }

  // ---------------------------------------------------------------------------------------
  // Alerts

  function loadAlerts() {
    // The event filters choose the events counted; the window ends on `to` when given.
    const params = Object.assign(filterParams(), { limit: 20 });
    delete params.from;
    delete params.to;
    if (state.filters.to) params.as_of = state.filters.to;
    const key = apiUrl('/api/alerts', params);
    return loadPanel('alerts', key, (signal) => api('/api/alerts', params, signal), renderAlerts);
  }

  function renderAlerts(report) {
    const list = $('#alerts');
    const head = $('#alerts-window');
    clear(list);
    head.textContent = '';
    if (!report) return;
    if (report.window && report.baseline) {
      head.textContent = t('alertWindow', {
        a: report.window.start, b: report.window.end, c: report.baseline.start, d: report.baseline.end,
      });
    }
    const alerts = report.alerts || [];
    if (!alerts.length) {
      const why = report.note || t('alertsTested', { tested: fmt(report.tested || 0), keys: fmt(report.keys || 0) });
      setStatus('alerts', 'empty', `${t('noAlerts')} ${why}`);
      return;
    }
    for (const a of alerts) {
      const k = a.key || a; // the key is flattened into the alert (scope, actor, recipient | country)
      const isDyad = k.scope === 'dyad';
      const keyText = isDyad ? `${k.actor} → ${k.recipient}` : `${k.country} ${t('eitherSide')}`;
      const cls = a.class === 'cooperation' ? 'cooperation' : 'conflict';
      const stats = t('alertStats', {
        w: fmt(a.window_count), docs: fmt(a.window_documents), exp: fmtNum(a.expected, 1),
        ratio: fmtNum(a.rate_ratio, 1), s: fmtNum(a.surprise, 1),
      });
      const select = () => {
        const f = isDyad
          ? { actor: k.actor, recipient: k.recipient, country: '' }
          : { country: k.country, actor: '', recipient: '' };
        if (report.window) { f.from = String(report.window.start); f.to = String(report.window.end); }
        setFilters(f, true);
      };
      const active = isDyad
        ? state.filters.actor === k.actor && state.filters.recipient === k.recipient
        : state.filters.country === k.country;
      list.appendChild(el('li', { class: active ? 'active' : null },
        el('button', {
          type: 'button', 'data-testid': 'alert', 'data-scope': k.scope || '',
          'data-actor': k.actor || null, 'data-recipient': k.recipient || null, 'data-country': k.country || null,
          title: a.explanation || '', onclick: select,
        },
        el('span', { class: 'alert-rank' }, `${a.rank}.`),
        el('span', { class: 'alert-key' }, keyText),
        el('span', { class: `alert-class ${cls}` }, t(cls)),
        el('span', { class: 'alert-stats' }, stats),
        a.top_types && a.top_types.length
          ? el('span', { class: 'alert-expl' }, a.top_types.slice(0, 3).map((x) => `${x.event_type} ${fmt(x.window)}`).join(' · '))
          : null)));
    }
  }

  // ---------------------------------------------------------------------------------------
  // Event table

  function loadEvents(force) {
    const params = Object.assign(filterParams(), { limit: PAGE, offset: state.offset, order: 'desc' });
    const key = apiUrl('/api/events', params);
    $('#events-body').classList.add('stale');
    return loadPanel('events', key, (signal) => api('/api/events', params, signal), renderEvents, force);
  }

  function codes(list) {
    return (list || []).map((x) => x.code);
  }

  /** Sector parts of actor codes (CAMEO/PLOVER conventions), for hovers. */
  const SECTORS = {
    GOV: 'government', MIL: 'military', OPP: 'opposition', REB: 'rebels', JUD: 'judiciary',
    LEG: 'legislature', MED: 'media', NGO: 'non-governmental organisation', IGO: 'intergovernmental organisation',
    BUS: 'business', CVL: 'civilians', COP: 'police', SPY: 'intelligence', PTY: 'party', ELI: 'elites',
    LAB: 'labour', EDU: 'education', REL: 'religion', CRM: 'criminals', INS: 'insurgents', REF: 'refugees',
    HLH: 'health', ENV: 'environment', AGR: 'agriculture', UAF: 'armed group', IMG: 'militant group',
    MNC: 'multinational company', SEP: 'separatists', LEG2: 'legislature',
  };
  /** Names of codes seen in the store (/api/actors), loaded once. */
  const codeNames = new Map();

  function loadCodeNames() {
    api('/api/actors', { limit: 1000 }).then((list) => {
      for (const a of (list && list.actors) || list || []) {
        if (a && a.code && a.name && !codeNames.has(a.code)) codeNames.set(a.code, a.name);
      }
    }).catch(() => {});
  }

  /** "RUSGOV: Vladimir Putin — Russia (RUS), government (GOV)" for an event entity. */
  function describeEntity(x) {
    const code = String(x.code || '');
    const country = code.slice(0, 3);
    const parts = [];
    const cname = codeNames.get(country);
    parts.push(cname ? `${cname} (${country})` : country);
    for (let i = 3; i + 3 <= code.length; i += 3) {
      const sec = code.slice(i, i + 3);
      parts.push(SECTORS[sec] ? `${SECTORS[sec]} (${sec})` : sec);
    }
    const said = x.entity_text ? `${x.entity_text} — ` : '';
    return `${code}: ${said}${parts.join(', ')}`;
  }

  function renderEvents(page) {
    const body = $('#events-body');
    body.classList.remove('stale');
    clear(body);
    const count = $('#events-count');
    const info = $('#page-info');
    count.textContent = '';
    info.textContent = '';
    $('#prev').disabled = true;
    $('#next').disabled = true;
    if (!page) return;
    const total = page.total || 0;
    count.textContent = total === 1 ? t('eventsCountOne') : t('eventsCount', { n: fmt(total) });
    count.setAttribute('data-total', String(total));
    if (!total) {
      setStatus('events', 'empty', t('noEvents'));
      return;
    }
    if (state.offset >= total) {
      // a stale link past the end: go to the first page
      state.offset = 0;
      writeUrl(false);
      loadEvents(true);
      return;
    }
    const events = page.events || [];
    for (const e of events) {
      const actors = codes(e.actor), recips = codes(e.recipient);
      const dateText = e.date || (e.doc_date ? `${e.doc_date}~` : '–');
      const typeChip = el('span', { class: 'type-chip' }, e.event_type);
      typeChip.style.background = typeColour(e.event_type);
      const aux = e.aux || 'asserted';
      const attr = e.attribution || [];
      const tr = el('tr', {
        'data-testid': 'event-row', 'data-event-id': e.id, 'data-doc-id': e.doc_id,
        'data-actors': actors.join(' '), 'data-recipients': recips.join(' '),
        'data-type': e.event_type, 'data-lang': e.lang, 'data-date': e.date || '', tabindex: 0,
        class: state.ev === e.id ? 'selected' : null,
      },
      el('td', { class: 'date' }, dateText),
      el('td', { class: 'dyad code', title: [...(e.actor || []), ...(e.recipient || [])].map(describeEntity).join('\n') },
        `${actors.join(', ') || '–'} ${e.reciprocal ? '↔' : '→'} ${recips.join(', ') || '–'}`),
      el('td', { class: 'type' }, typeChip),
      el('td', { class: 'aux' }, el('span', { class: 'aux-chip', title: e.aux_cue || '' }, t(aux))),
      el('td', { class: 'attribution', title: attr.join(' ← ') }, attr.length ? truncate(attr[0], 40) : '–'),
      el('td', { class: 'place', 'data-testid': 'event-place', title: placeTitle(e.location) }, e.location ? e.location.resolved_place : '–'),
      el('td', { class: 'lang' }, e.lang),
      el('td', { class: 'evidence', title: e.text || '' }, e.event_text || ''));
      tr.addEventListener('click', () => openEvent(e));
      tr.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); openEvent(e); }
      });
      body.appendChild(tr);
    }
    const a = state.offset + 1, b = state.offset + events.length;
    info.textContent = t('pageInfo', { a: fmt(a), b: fmt(b), total: fmt(total) });
    $('#prev').disabled = state.offset === 0;
    $('#next').disabled = state.offset + PAGE >= total;
  }

  function goPage(delta) {
    const next = state.offset + delta * PAGE;
    if (next < 0) return;
    state.offset = next;
    writeUrl(true);
    loadEvents();
  }

  // ---------------------------------------------------------------------------------------
  // Document view

  function openEvent(e) {
    state.doc = e.doc_id;
    state.ev = e.id;
    writeUrl(true);
    for (const tr of $all('[data-testid="event-row"]')) tr.classList.toggle('selected', tr.dataset.eventId === e.id);
    loadDoc();
  }

  function hideDoc() {
    const panel = $('#doc');
    if (!panel.hidden) panel.hidden = true;
    if (inflight.doc) {
      inflight.doc.abort();
      inflight.doc = null;
      setStatus('doc', '', '');
    }
  }

  function closeDoc() {
    state.doc = null;
    state.ev = null;
    writeUrl(true);
    hideDoc();
    for (const tr of $all('[data-testid="event-row"].selected')) tr.classList.remove('selected');
  }

  /** The document view sits below the header, so filters and labels stay usable. */
  function placeDoc() {
    const header = $('header.top');
    $('#doc').style.top = `${Math.ceil(header.getBoundingClientRect().height)}px`;
  }

  function loadDoc() {
    const id = state.doc;
    const panel = $('#doc');
    placeDoc();
    panel.hidden = false;
    const key = id;
    if (loadedKey.doc === key && data.doc) {
      renderDoc(data.doc);
      return Promise.resolve();
    }
    clear($('#doc-text'));
    $('#doc-title').textContent = '';
    $('#doc-meta').textContent = '';
    return loadPanel('doc', key, (signal) => api('/api/documents/' + encodeURIComponent(id), {}, signal), renderDoc);
  }

  function renderDoc(doc) {
    const text = $('#doc-text');
    const title = $('#doc-title');
    const meta = $('#doc-meta');
    clear(text); clear(meta);
    for (const id of ['#doc-selected', '#doc-events', '#doc-timexes', '#doc-quotes']) clear($(id));
    title.textContent = '';
    if (!doc) return;
    const events = doc.events || [];
    let ev = events.find((x) => x.id === state.ev) || null;
    if (!ev && events.length && !state.ev) ev = events[0];
    title.textContent = doc.title || truncate((doc.text || '').split('\n')[0], 90) || t('untitled');
    const metaParts = [doc.date || '–', doc.lang, doc.id];
    meta.appendChild(document.createTextNode(metaParts.join(' · ')));
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      meta.appendChild(document.createTextNode(' · '));
      meta.appendChild(el('a', { href: doc.url, target: '_blank', rel: 'noopener noreferrer' }, truncate(doc.url, 80)));
    } else if (doc.source) {
      meta.appendChild(document.createTextNode(` · ${t('source')}: ${truncate(doc.source, 80)}`));
    }
    renderDocText(text, doc, ev);
    renderSelected(ev);
    // events of the document
    const list = $('#doc-events');
    for (const e of events) {
      const li = el('li', { class: ev && e.id === ev.id ? 'selected' : null },
        el('button', {
          type: 'button', 'data-testid': 'doc-event', 'data-event-id': e.id,
          onclick: () => { state.ev = e.id; writeUrl(false); renderDoc(doc); },
        },
        el('span', { class: 'muted' }, `${e.seq}. `), el('strong', null, e.event_type), ' ',
        el('span', { class: 'code' }, `${codes(e.actor).join(',') || '–'} ${e.reciprocal ? '↔' : '→'} ${codes(e.recipient).join(',') || '–'}`),
        e.aux ? [' ', el('span', { class: 'aux-chip' }, t(e.aux))] : null,
        ': ', truncate(e.event_text, 100)));
      list.appendChild(li);
    }
    // time expressions
    const tx = $('#doc-timexes');
    for (const x of doc.timexes || []) {
      tx.appendChild(el('li', { 'data-testid': 'doc-timex' },
        el('span', null, x.text), el('span', { class: 'arrow' }, '→'),
        el('span', { class: 'code' }, x.value || '–'), x.type ? el('span', { class: 'muted' }, `(${x.type})`) : null));
    }
    if (!tx.firstChild) tx.appendChild(el('li', { class: 'muted' }, t('noTimexes')));
    // quotes with speakers
    const qs = $('#doc-quotes');
    for (const q of doc.quotes || []) {
      const via = Array.isArray(q.via) && q.via.length ? ` (${t('via')} ${q.via.map((v) => (typeof v === 'string' ? v : v.text || v.speaker || JSON.stringify(v))).join(', ')})` : '';
      qs.appendChild(el('li', { 'data-testid': 'doc-quote' },
        el('q', null, truncate(q.text, 400)),
        el('span', { class: 'speaker' }, `— ${q.speaker || '?'}${q.speaker_code ? ` [${q.speaker_code}]` : ''}${via}`)));
    }
    if (!qs.firstChild) qs.appendChild(el('li', { class: 'muted' }, t('noQuotes')));
    // bring the evidence into view
    const mark = $('mark[data-testid="evidence"]', text);
    if (mark) {
      requestAnimationFrame(() => {
        const tr = text.getBoundingClientRect();
        const mr = mark.getBoundingClientRect();
        text.scrollTop += (mr.top - tr.top) - (tr.height / 2) + (mr.height / 2);
      });
    } else {
      text.scrollTop = 0;
    }
  }

  /**
   * The document text with the event's evidence in one <mark> and coded mentions (then time
   * expressions) underlined, built from text nodes. Offsets are code points.
   */
  function renderDocText(container, doc, ev) {
    const chars = Array.from(doc.text || '');
    const N = chars.length;
    const clamp = (x) => Math.max(0, Math.min(N, Number.isFinite(x) ? Math.floor(x) : 0));
    const roles = new Map();
    if (ev) {
      for (const a of ev.actor || []) roles.set(`${a.start}:${a.end}`, 'actor');
      for (const r of ev.recipient || []) if (!roles.has(`${r.start}:${r.end}`)) roles.set(`${r.start}:${r.end}`, 'recipient');
    }
    const taken = new Uint8Array(N);
    const spans = [];
    const take = (s, e, item) => {
      if (e <= s) return;
      for (let i = s; i < e; i++) if (taken[i]) return;
      for (let i = s; i < e; i++) taken[i] = 1;
      spans.push(Object.assign({ s, e }, item));
    };
    const mentions = (doc.mentions || []).filter((m) => m && m.code).slice()
      .sort((a, b) => (a.start - b.start) || (b.end - a.end));
    for (const m of mentions) take(clamp(m.start), clamp(m.end), { kind: 'mention', m });
    for (const x of doc.timexes || []) take(clamp(x.start), clamp(x.end), { kind: 'timex', x });
    spans.sort((a, b) => a.s - b.s);

    const slice = (a, b) => chars.slice(a, b).join('');
    const appendRange = (parent, a, b) => {
      let pos = a;
      for (const sp of spans) {
        if (sp.e <= a || sp.s >= b) continue;
        const s = Math.max(sp.s, a), e = Math.min(sp.e, b);
        if (s > pos) parent.appendChild(document.createTextNode(slice(pos, s)));
        parent.appendChild(annotation(sp, slice(s, e), roles));
        pos = e;
      }
      if (pos < b) parent.appendChild(document.createTextNode(slice(pos, b)));
    };
    if (ev) {
      const s = clamp(ev.evidence_start), e = Math.max(clamp(ev.evidence_end), clamp(ev.evidence_start));
      appendRange(container, 0, s);
      const mark = el('mark', { 'data-testid': 'evidence', 'data-event-id': ev.id, title: `${ev.event_type}: ${ev.trigger || ''}` });
      appendRange(mark, s, e);
      container.appendChild(mark);
      appendRange(container, e, N);
    } else {
      appendRange(container, 0, N);
    }
  }

  function annotation(sp, text, roles) {
    if (sp.kind === 'mention') {
      const m = sp.m;
      const role = roles.get(`${m.start}:${m.end}`);
      const span = el('span', {
        class: 'mention' + (role ? ' ' + role : ''), 'data-testid': 'mention', 'data-code': m.code,
        'data-role': role || null,
        title: [m.code, m.name, m.role, m.kind].filter(Boolean).join(' · '),
      }, text);
      span.style.textDecorationColor = countryColour(m.country || m.code);
      if (role) span.style.color = countryColour(m.country || m.code);
      return span;
    }
    const x = sp.x;
    return el('span', { class: 'timex', 'data-testid': 'timex', title: `${x.type || 'TIMEX'} → ${x.value || '–'}` }, text);
  }

  function renderSelected(ev) {
    const box = $('#doc-selected');
    clear(box);
    if (!ev) return;
    const ent = (list) => (list || []).map((x) => `${x.code} (${x.entity_text})`).join(', ') || '–';
    const row = (k, ...v) => [el('dt', null, t(k)), el('dd', null, ...v)];
    const dateSrc = ev.date_source === 'timex' ? t('dateFromTimex') : t('dateFromDoc');
    const quad = ev.quad ? `${ev.quad} · ${t('quad' + ev.quad)}` : '–';
    const chain = (ev.attribution || []).length
      ? el('ol', { class: 'chain', 'data-testid': 'attribution-chain' }, ev.attribution.map((a) => el('li', null, a)))
      : el('span', { class: 'muted', 'data-testid': 'attribution-chain' }, t('noAttribution'));
    const qty = Array.isArray(ev.quantities) && ev.quantities.length
      ? ev.quantities.map((q) => q.text || JSON.stringify(q)).join('; ') : null;
    const typeChip = el('span', { class: 'type-chip' }, ev.event_type);
    typeChip.style.background = typeColour(ev.event_type);
    box.appendChild(el('dl', { class: 'sel-grid', 'data-testid': 'selected-event', 'data-event-id': ev.id },
      row('evType', typeChip, ev.mode ? ` ${ev.mode}` : ''),
      row('evCameo', el('span', { class: 'code' }, ev.cameo || '–')),
      row('evQuad', quad),
      row('evScale', fmtNum(ev.scale, 1)),
      row('evDate', `${ev.date || ev.doc_date || '–'} (${ev.date_precision ? t(ev.date_precision) : '?'}, ${dateSrc})`),
      row('evAux', t(ev.aux || 'asserted'), ev.aux_cue ? ` — “${ev.aux_cue}”` : ''),
      row('evActor', ent(ev.actor)),
      row('evRecipient', ent(ev.recipient), ev.reciprocal ? ` (${t('reciprocal')})` : ''),
      row('evTrigger', ev.trigger || '–'),
      row('evPlace', el('span', { 'data-testid': 'selected-place' }, ev.location ? placeTitle(ev.location) : '–')),
      row('evChain', chain),
      qty ? row('evQuantities', qty) : null,
      row('evPattern', el('span', { class: 'code' }, ev.pattern || '–'))));
  }

  // ---------------------------------------------------------------------------------------
  // Filters form

  const form = () => $('#filters');

  function fillSelects() {
    const typeSel = $('select[name="type"]');
    for (const ty of TYPES) typeSel.appendChild(el('option', { value: ty }, ty));
    const auxSel = $('select[name="aux"]');
    for (const a of CONFIG.aux || []) auxSel.appendChild(el('option', { value: a, 'data-aux': a }, a));
    const langSel = $('select[name="lang"]');
    for (const l of CONFIG.languages || []) langSel.appendChild(el('option', { value: l }, l));
  }

  function syncForm() {
    const f = form();
    for (const k of FILTER_KEYS) {
      const input = f.elements[k];
      if (!input) continue;
      if (input.tagName === 'SELECT' && state.filters[k] && !Array.from(input.options).some((o) => o.value === state.filters[k])) {
        input.appendChild(el('option', { value: state.filters[k] }, state.filters[k]));
      }
      if (input.value !== state.filters[k]) input.value = state.filters[k];
    }
  }

  function readForm() {
    const f = form();
    const next = {};
    for (const k of FILTER_KEYS) {
      const input = f.elements[k];
      let v = input ? String(input.value || '').trim() : '';
      if (CODE_KEYS.includes(k)) v = v.toUpperCase();
      // dates that do not parse are not sent (the field shows as invalid)
      if ((k === 'from' || k === 'to') && v && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) v = state.filters[k];
      if (k === 'near' && v && !NEAR_RE.test(v)) v = state.filters[k];
      next[k] = v;
    }
    return next;
  }

  /** Changes some filters (others kept), goes to the first page and reloads. */
  function setFilters(changes, push) {
    const next = Object.assign({}, state.filters, changes);
    for (const k of CODE_KEYS) next[k] = (next[k] || '').toUpperCase();
    const same = FILTER_KEYS.every((k) => next[k] === state.filters[k]);
    if (same) return;
    state.filters = next;
    state.offset = 0;
    syncForm();
    writeUrl(push);
    loadTimeline();
    loadNetwork();
    loadMap();
    loadAlerts();
    loadEvents();
  }

  const applyTyped = debounce(() => setFilters(readForm(), false), DEBOUNCE_MS);

  const suggestActors = debounce((value) => {
    const q = String(value || '').trim();
    if (q.length < 2) return;
    if (inflight.actors) inflight.actors.abort();
    const ctl = new AbortController();
    inflight.actors = ctl;
    api('/api/actors', { q, limit: 20 }, ctl.signal).then((list) => {
      const dl = $('#actor-codes');
      clear(dl);
      const seen = new Set();
      for (const a of Array.isArray(list) ? list : []) {
        if (seen.has(a.code)) continue;
        seen.add(a.code);
        dl.appendChild(el('option', { value: a.code, label: a.name ? `${a.code} · ${a.name}` : a.code }));
      }
    }).catch(() => { /* suggestions are optional */ });
  }, 250);

  function bindForm() {
    const f = form();
    f.addEventListener('submit', (ev) => { ev.preventDefault(); applyTyped.flush(); });
    f.addEventListener('input', (ev) => {
      const target = ev.target;
      if (target.tagName === 'SELECT') return;
      if ((target.name === 'actor' || target.name === 'recipient') && target.value) suggestActors(target.value);
      applyTyped();
    });
    f.addEventListener('change', (ev) => {
      if (ev.target.tagName === 'SELECT') setFilters(readForm(), true);
      else applyTyped.flush();
    });
    f.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && ev.target.tagName === 'INPUT') { ev.preventDefault(); applyTyped.flush(); }
    });
    $('#clear').addEventListener('click', () => setFilters(emptyFilters(), true));
    $('#lang-toggle').addEventListener('click', () => {
      state.ui = state.ui === 'it' ? 'en' : 'it';
      writeUrl(false);
      applyI18n();
      rerender();
    });
    for (const b of $all('[data-by]')) {
      b.addEventListener('click', () => {
        if (state.by === b.dataset.by) return;
        state.by = b.dataset.by;
        writeUrl(true);
        loadTimeline();
      });
    }
    $('#prev').addEventListener('click', () => goPage(-1));
    $('#next').addEventListener('click', () => goPage(1));
    $('#doc-close').addEventListener('click', closeDoc);
    document.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape' && state.doc) closeDoc();
    });
    window.addEventListener('resize', debounce(() => { if (state.doc) placeDoc(); }, 100));
    window.addEventListener('popstate', () => {
      readUrl();
      syncForm();
      applyI18n();
      loadAll();
    });
  }

  // ---------------------------------------------------------------------------------------
  // Language of the labels

  function applyI18n() {
    document.documentElement.lang = state.ui;
    for (const e of $all('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const e of $all('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
    for (const e of $all('[data-i18n-title]')) e.title = t(e.dataset.i18nTitle);
    for (const o of $all('option[data-aux]')) o.textContent = t(o.dataset.aux);
    const toggle = $('#lang-toggle');
    toggle.textContent = state.ui === 'it' ? 'EN' : 'IT';
    toggle.setAttribute('aria-label', state.ui === 'it' ? 'English' : 'Italiano');
    toggle.setAttribute('data-ui', state.ui);
  }

  /** Redraws the panels from the data already loaded (after a language change). */
  function rerender() {
    for (const [name, render] of [['timeline', renderTimeline], ['network', renderNetwork], ['map', renderMap], ['alerts', renderAlerts], ['events', renderEvents], ['doc', renderDoc]]) {
      if (inflight[name]) {
        setStatus(name, 'loading', t('loading'));
        continue;
      }
      if (data[name] !== undefined && data[name] !== null) {
        setStatus(name, '', '');
        if (name !== 'doc' || state.doc) render(data[name]);
      } else if (failures[name] !== undefined) {
        setStatus(name, 'error', t('failed', { msg: failures[name] }));
      }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Start

  function start() {
    readUrl();
    fillSelects();
    syncForm();
    applyI18n();
    bindForm();
    loadAll();
    document.body.setAttribute('data-ready', 'true');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
