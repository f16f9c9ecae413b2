// End-to-end test of the vedetta dashboard in headless Chromium (playwright-core, no
// downloaded browser: Debian's /usr/bin/chromium or $CHROMIUM).
//
//   node e2e/dashboard.mjs http://127.0.0.1:8080 [SCREENSHOT_DIR]
//
// The server must hold coded documents in Italian and English. Optional environment:
//   CHROMIUM        the browser binary (default /usr/bin/chromium)
//   E2E_DOC_ID      a document to open by deep link (?doc=ID), checking its evidence too
//                   (the Rust test passes one whose text has characters outside the BMP)
//   E2E_TIMEOUT_MS  per-step timeout (default 20000)
//
// Exit status 0 when every check passes; 1 with a message naming the failed step.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const base = (process.argv[2] || '').replace(/\/+$/, '');
const shots = path.resolve(process.argv[3] || 'e2e-screenshots');
const timeout = Number(process.env.E2E_TIMEOUT_MS || 20000);
if (!/^https?:\/\//.test(base)) {
  console.error('usage: node e2e/dashboard.mjs http://HOST:PORT [SCREENSHOT_DIR]');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

let step = 'start';
let shotNo = 0;
const problems = []; // page errors, console errors, failed API answers

function log(msg) {
  console.log(`[e2e] ${msg}`);
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function shot(page, name) {
  shotNo += 1;
  const file = path.join(shots, `${String(shotNo).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${file}`);
}

/** The code points of a string, as the API counts offsets. */
function cpSlice(text, start, end) {
  return Array.from(text).slice(start, end).join('');
}

async function getJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await res.json();
  check(res.ok, `GET ${url}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Waits until no panel shows its loading state. */
async function settled(page) {
  await page.waitForFunction(
    () => document.body.getAttribute('data-ready') === 'true'
      && document.querySelectorAll('.status.loading').length === 0,
    null,
    { timeout },
  );
}

/** The rows of the event table as plain objects. */
async function rows(page) {
  return page.$$eval('[data-testid="event-row"]', (trs) => trs.map((tr) => ({
    id: tr.dataset.eventId,
    doc: tr.dataset.docId,
    actors: (tr.dataset.actors || '').split(' ').filter(Boolean),
    recipients: (tr.dataset.recipients || '').split(' ').filter(Boolean),
    lang: tr.dataset.lang,
    date: tr.dataset.date || '',
    dyadTitle: (tr.querySelector('td.dyad') || {}).title || '',
  })));
}

/** Opens the event of a table row and checks the document view: one <mark> whose text is
 * the event's evidence (from the API, sliced by code points), scrolled into view. */
async function openAndCheckEvent(page, row, label) {
  await page.click(`[data-testid="event-row"][data-event-id="${cssEscape(row.id)}"]`);
  await checkDocView(page, row.doc, row.id, label);
}

async function checkDocView(page, docId, eventId, label) {
  await page.waitForSelector('[data-testid="doc-panel"]:not([hidden])', { timeout });
  await page.waitForSelector('mark[data-testid="evidence"]', { timeout });
  await settled(page);
  const doc = await getJson(`${base}/api/documents/${encodeURIComponent(docId)}`);
  const ev = eventId ? doc.events.find((e) => e.id === eventId) : doc.events[0];
  check(ev, `${label}: event ${eventId} not in document ${docId}`);
  const expected = cpSlice(doc.text, ev.evidence_start, ev.evidence_end);
  check(expected === ev.event_text,
    `${label}: API evidence offsets do not give event_text (${JSON.stringify(expected)} vs ${JSON.stringify(ev.event_text)})`);
  const marks = await page.$$eval('[data-testid="doc-text"] mark', (ms) => ms.map((m) => ({
    text: m.textContent, id: m.dataset.eventId,
  })));
  check(marks.length === 1, `${label}: expected one <mark>, found ${marks.length}`);
  check(marks[0].id === ev.id, `${label}: the mark is for ${marks[0].id}, not ${ev.id}`);
  check(marks[0].text === ev.event_text,
    `${label}: <mark> text ${JSON.stringify(marks[0].text)} differs from the evidence ${JSON.stringify(ev.event_text)}`);
  // The whole text is there, character for character, with the mark inside it.
  const shown = await page.$eval('[data-testid="doc-text"]', (d) => d.textContent);
  check(shown === doc.text, `${label}: the document text shown differs from the stored text`);
  // The mark is scrolled into the visible part of the text pane.
  await page.waitForFunction(() => {
    const pane = document.querySelector('[data-testid="doc-text"]');
    const m = pane && pane.querySelector('mark');
    if (!m) return false;
    const a = pane.getBoundingClientRect();
    const b = m.getBoundingClientRect();
    return b.bottom > a.top && b.top < a.bottom;
  }, null, { timeout });
  // Title, events list, timexes and quotes sections are filled.
  const title = await page.textContent('[data-testid="doc-title"]');
  check(title && title.trim().length > 0, `${label}: empty document title`);
  const listed = await page.$$eval('[data-testid="doc-event"]', (b) => b.length);
  check(listed === doc.events.length, `${label}: ${listed} events listed, document has ${doc.events.length}`);
  const selected = await page.getAttribute('[data-testid="selected-event"]', 'data-event-id');
  check(selected === ev.id, `${label}: selected-event panel shows ${selected}`);
  const chain = await page.$('[data-testid="attribution-chain"]');
  check(chain, `${label}: no attribution chain`);
  if (ev.attribution.length) {
    const items = await page.$$eval('[data-testid="attribution-chain"] li', (li) => li.map((x) => x.textContent));
    check(JSON.stringify(items) === JSON.stringify(ev.attribution),
      `${label}: attribution chain ${JSON.stringify(items)} vs ${JSON.stringify(ev.attribution)}`);
  }
  const timexes = await page.$$eval('[data-testid="doc-timex"]', (x) => x.length);
  check(timexes === doc.timexes.length, `${label}: ${timexes} timexes listed, document has ${doc.timexes.length}`);
  const quotes = await page.$$eval('[data-testid="doc-quote"]', (x) => x.length);
  check(quotes === doc.quotes.length, `${label}: ${quotes} quotes listed, document has ${doc.quotes.length}`);
  log(`${label}: document ${docId} (${doc.lang}) shows ${JSON.stringify(truncate(ev.event_text, 60))} in <mark>`);
  return doc;
}

function truncate(s, n) {
  const a = Array.from(s);
  return a.length > n ? a.slice(0, n).join('') + '…' : s;
}

function cssEscape(s) {
  return String(s).replace(/["\\]/g, '\\$&');
}

/** A point on the edge's visible path that hits the edge itself (not another one drawn on
 * top), in page coordinates. */
async function edgePoint(page, actor, recipient) {
  return page.evaluate(([a, r]) => {
    const g = Array.from(document.querySelectorAll('[data-testid="network-edge"]'))
      .find((x) => x.dataset.actor === a && x.dataset.recipient === r);
    if (!g) return null;
    const p = g.querySelector('.net-hit');
    const len = p.getTotalLength();
    const m = p.getScreenCTM();
    const fractions = [];
    for (let i = 0; i <= 16; i++) fractions.push(0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.025);
    for (const f of fractions) {
      const pt = p.getPointAtLength(len * f);
      const x = m.a * pt.x + m.c * pt.y + m.e;
      const y = m.b * pt.x + m.d * pt.y + m.f;
      const hit = document.elementFromPoint(x, y);
      if (hit && hit.closest('[data-testid="network-edge"]') === g) return { x, y };
    }
    return null;
  }, [actor, recipient]);
}

async function main() {
  step = 'launch chromium';
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'assert') {
      const loc = m.location();
      problems.push(`console ${m.type()}: ${m.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  page.on('requestfailed', (req) => {
    const f = req.failure();
    // Requests the page aborts itself (a newer filter replaced them) are expected.
    if (f && !/ERR_ABORTED/.test(f.errorText)) problems.push(`request failed: ${req.url()} ${f.errorText}`);
  });

  try {
    // 1. The dashboard loads with a timeline and a non-empty table.
    step = 'load the dashboard';
    await page.goto(`${base}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="event-row"]', { timeout });
    await page.waitForSelector('[data-testid="timeline"] rect.bar-seg', { timeout });
    await settled(page);
    const health = await getJson(`${base}/api/health`);
    const total = Number(await page.getAttribute('[data-testid="events-count"]', 'data-total'));
    check(total === health.events, `table total ${total}, store has ${health.events} events`);
    const firstRows = await rows(page);
    check(firstRows.length === Math.min(50, total), `first page has ${firstRows.length} rows`);
    // Newest first (dated events; undated ones come last), and codes are explained on hover.
    const firstDay = (d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
    const dated = firstRows.map((r) => r.date).filter(Boolean).map(firstDay);
    for (let i = 1; i < dated.length; i++) {
      check(dated[i - 1] >= dated[i], `rows not newest first: ${dated[i - 1]} before ${dated[i]}`);
    }
    check(firstRows.every((r) => /^[A-Z]{3}[A-Z]*: /m.test(r.dyadTitle) || !r.actors.length),
      `a row's actor codes are not explained: ${JSON.stringify(firstRows.find((r) => !/: /.test(r.dyadTitle)))}`);
    const langs = new Set(firstRows.map((r) => r.lang));
    const bars = Number(await page.getAttribute('[data-testid="timeline"]', 'data-bars'));
    check(bars > 0, 'the timeline has no bars');
    const legend = await page.$$eval('[data-testid="legend-item"]', (x) => x.length);
    check(legend > 0, 'the timeline has no legend');
    for (const name of ['timeline', 'network', 'map', 'alerts', 'events']) {
      const status = await page.getAttribute(`[data-testid="${name}-status"]`, 'data-state');
      check(status !== 'error', `${name} panel shows an error: ${await page.textContent(`[data-testid="${name}-status"]`)}`);
    }
    log(`dashboard: ${total} events, ${bars} bar segments, ${legend} types, languages on page 1: ${[...langs].join(',')}`);
    await shot(page, 'dashboard');

    // Paging: the next page starts at 51.
    step = 'page through the events';
    if (total > 50) {
      await page.click('[data-testid="next-page"]');
      await page.waitForFunction(() => new URLSearchParams(location.search).get('offset') === '50');
      await settled(page);
      const second = await rows(page);
      check(second.length > 0 && second[0].id !== firstRows[0].id, 'the second page repeats the first');
      await page.click('[data-testid="prev-page"]');
      await page.waitForFunction(() => !new URLSearchParams(location.search).get('offset'));
      await settled(page);
    }

    // Alerts: the first one names its dyad or country, and clicking it filters the table.
    step = 'open an alert';
    await page.waitForSelector('[data-testid="alert"]', { timeout });
    const alert = await page.$eval('[data-testid="alert"]', (b) => ({
      scope: b.dataset.scope, country: b.dataset.country, actor: b.dataset.actor,
      recipient: b.dataset.recipient, text: b.textContent,
    }));
    check(!/undefined|null/.test(alert.text), `alert text ${JSON.stringify(alert.text)}`);
    check(alert.scope === 'country' ? !!alert.country : !!(alert.actor && alert.recipient),
      `alert without its key: ${JSON.stringify(alert)}`);
    await page.click('[data-testid="alert"]');
    const alertKey = alert.scope === 'country' ? ['country', alert.country] : ['actor', alert.actor];
    await page.waitForFunction(([k, v]) => new URLSearchParams(location.search).get(k) === v, alertKey, { timeout });
    await settled(page);
    const alertRows = await rows(page);
    check(alertRows.length > 0, 'no events for the alert');
    for (const r of alertRows) {
      const codes = r.actors.concat(r.recipients);
      check(alert.scope === 'country'
        ? codes.some((c) => c.startsWith(alert.country))
        : r.actors.some((c) => c.startsWith(alert.actor)) && r.recipients.some((c) => c.startsWith(alert.recipient)),
      `row ${r.id} (${codes.join(',')}) is not about the alert ${alert.text}`);
    }
    log(`alert: ${alert.text.trim()} → ${alertRows.length} rows`);
    await shot(page, 'alert');
    await page.click('[data-testid="clear-filters"]');
    await page.waitForFunction(() => !new URLSearchParams(location.search).get('from'));
    await settled(page);

    // The map: country outlines and the located events as points; clicking the heaviest
    // point that can be clicked filters the table to the events near it (the `near` field
    // and the URL), with the API's total.
    step = 'map: outlines and points';
    await page.waitForSelector('[data-testid="map-country"]', { timeout });
    await settled(page);
    const countries = await page.$$eval('[data-testid="map-country"]', (x) => x.length);
    check(countries > 150, `the map draws ${countries} countries`);
    const located = (await getJson(`${base}/api/events?located=true&limit=0`)).total;
    check(located > 0, 'no located events in the store');
    const points = await page.$$eval('[data-testid="map-point"]', (gs) => gs.map((g) => ({
      near: g.dataset.near, events: Number(g.dataset.events), places: Number(g.dataset.places),
      name: g.dataset.name,
    })));
    check(points.length > 0, 'the map has no points');
    const drawn = points.reduce((n, p) => n + p.events, 0);
    check(drawn === Math.min(located, 1000), `the map's points hold ${drawn} events; ${located} are located`);
    const noted = Number(await page.getAttribute('[data-testid="map-note"]', 'data-total'));
    check(noted === located, `the map's note says ${noted} located events, the API ${located}`);
    log(`map: ${countries} countries, ${points.length} points for ${located} located events`);
    await shot(page, 'map');

    step = 'map: click a point';
    await page.locator('[data-testid="map"]').scrollIntoViewIfNeeded();
    const pick = await page.evaluate(() => {
      const gs = Array.from(document.querySelectorAll('[data-testid="map-point"]'))
        .sort((a, b) => Number(b.dataset.events) - Number(a.dataset.events));
      for (const g of gs) {
        const r = g.querySelector('circle').getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        const hit = document.elementFromPoint(x, y);
        if (hit && hit.closest('[data-testid="map-point"]') === g) {
          return { x, y, near: g.dataset.near, events: Number(g.dataset.events), name: g.dataset.name };
        }
      }
      return null;
    });
    check(pick, 'no map point could be clicked');
    await page.mouse.click(pick.x, pick.y);
    await page.waitForFunction((n) => new URLSearchParams(location.search).get('near') === n, pick.near, { timeout });
    await settled(page);
    check(await page.inputValue('[data-testid="filter-near"]') === pick.near, 'near field not set by the map point');
    const nearTotal = Number(await page.getAttribute('[data-testid="events-count"]', 'data-total'));
    const apiNear = (await getJson(`${base}/api/events?near=${encodeURIComponent(pick.near)}&limit=0`)).total;
    check(nearTotal === apiNear, `near ${pick.near}: table total ${nearTotal}, API says ${apiNear}`);
    check(nearTotal >= pick.events, `near ${pick.near}: ${nearTotal} events, the point held ${pick.events}`);
    const placeCells = await page.$$eval('[data-testid="event-place"]', (td) => td.map((x) => x.textContent));
    check(placeCells.length > 0 && placeCells.every((p) => p && p !== '–'),
      `a row near ${pick.near} has no place: ${JSON.stringify(placeCells)}`);
    await page.waitForSelector('[data-testid="map-near"]', { timeout });
    const activePoints = await page.$$eval('[data-testid="map-point"].active', (x) => x.length);
    check(activePoints >= 1, 'the clicked point is not shown as active');
    // The other views take the same filter: the timeline counts the same events.
    const seriesUrl = `${base}/api/series?near=${encodeURIComponent(pick.near)}&aux=all`;
    const series = await getJson(seriesUrl);
    check(series && typeof series === 'object', `${seriesUrl}: no series`);
    log(`map point ${pick.name} (${pick.near}): ${nearTotal} events, every row has a place`);
    await shot(page, 'map-filter');
    await page.click('[data-testid="clear-filters"]');
    await page.waitForFunction(() => !new URLSearchParams(location.search).get('near'));
    await settled(page);

    // 2. Filter by a dyad: click the heaviest network edge between two countries.
    step = 'filter by a dyad (network edge)';
    await page.waitForSelector('[data-testid="network-edge"]', { timeout });
    const edges = await page.$$eval('[data-testid="network-edge"]', (gs) => gs.map((g) => ({
      actor: g.dataset.actor, recipient: g.dataset.recipient, events: Number(g.dataset.events),
    })));
    const candidates = edges.filter((e) => e.actor !== e.recipient).sort((a, b) => b.events - a.events);
    check(candidates.length > 0, 'no network edge between two countries');
    await page.locator('[data-testid="network"]').scrollIntoViewIfNeeded();
    let chosen = null;
    for (const e of candidates) {
      const pt = await edgePoint(page, e.actor, e.recipient);
      if (pt) {
        chosen = e;
        await page.mouse.click(pt.x, pt.y);
        break;
      }
    }
    check(chosen, 'no network edge could be clicked');
    await page.waitForFunction(([a, r]) => {
      const q = new URLSearchParams(location.search);
      return q.get('actor') === a && q.get('recipient') === r;
    }, [chosen.actor, chosen.recipient], { timeout });
    await settled(page);
    check(await page.inputValue('[data-testid="filter-actor"]') === chosen.actor, 'actor field not set by the edge');
    check(await page.inputValue('[data-testid="filter-recipient"]') === chosen.recipient, 'recipient field not set by the edge');
    const dyadRows = await rows(page);
    check(dyadRows.length > 0, `no events for the dyad ${chosen.actor}→${chosen.recipient}`);
    for (const r of dyadRows) {
      check(r.actors.some((c) => c.startsWith(chosen.actor)) && r.recipients.some((c) => c.startsWith(chosen.recipient)),
        `row ${r.id} (${r.actors.join(',')} → ${r.recipients.join(',')}) is not ${chosen.actor} → ${chosen.recipient}`);
    }
    const dyadTotal = Number(await page.getAttribute('[data-testid="events-count"]', 'data-total'));
    const apiTotal = (await getJson(`${base}/api/events?actor=${chosen.actor}&recipient=${chosen.recipient}&limit=0`)).total;
    check(dyadTotal === apiTotal, `dyad total ${dyadTotal}, API says ${apiTotal}`);
    log(`dyad ${chosen.actor}→${chosen.recipient}: ${dyadTotal} events, every row matches`);
    await shot(page, 'dyad-filter');

    // The filter is in the URL: a reload shows the same view.
    step = 'reload the filtered view';
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-testid="event-row"]', { timeout });
    await settled(page);
    check(await page.inputValue('[data-testid="filter-actor"]') === chosen.actor, 'actor filter lost on reload');
    check(Number(await page.getAttribute('[data-testid="events-count"]', 'data-total')) === dyadTotal, 'total changed on reload');

    // Typing the dyad gives the same: type actor and recipient (debounced).
    step = 'filter by a dyad (typed)';
    await page.click('[data-testid="clear-filters"]');
    await page.waitForFunction(() => !new URLSearchParams(location.search).get('actor'));
    await settled(page);
    await page.fill('[data-testid="filter-actor"]', chosen.actor.toLowerCase());
    await page.fill('[data-testid="filter-recipient"]', chosen.recipient);
    await page.waitForFunction(([a, r]) => {
      const q = new URLSearchParams(location.search);
      return q.get('actor') === a && q.get('recipient') === r;
    }, [chosen.actor, chosen.recipient], { timeout });
    await settled(page);
    check(Number(await page.getAttribute('[data-testid="events-count"]', 'data-total')) === dyadTotal,
      'typing the dyad gives another total than clicking its edge');

    // 3. Open an event: the document view highlights its evidence.
    step = 'open an event';
    const target = (await rows(page))[0];
    await openAndCheckEvent(page, target, 'dyad event');
    await shot(page, 'document');

    // Another event of the same document, chosen in the side list, moves the mark.
    step = 'select another event of the document';
    const others = await page.$$eval('[data-testid="doc-event"]', (b) => b.map((x) => x.dataset.eventId));
    const other = others.find((id) => id !== target.id);
    if (other) {
      await page.click(`[data-testid="doc-event"][data-event-id="${cssEscape(other)}"]`);
      await page.waitForFunction((id) => {
        const m = document.querySelector('mark[data-testid="evidence"]');
        return m && m.dataset.eventId === id;
      }, other, { timeout });
      await checkDocView(page, target.doc, other, 'second event');
    }

    // 4. Labels in Italian and back.
    step = 'toggle the language of the labels';
    const before = (await page.textContent('[data-testid="events-title"]')).trim();
    const uiBefore = await page.getAttribute('html', 'lang');
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction((b) => document.querySelector('[data-testid="events-title"]').textContent.trim() !== b, before, { timeout });
    const after = (await page.textContent('[data-testid="events-title"]')).trim();
    const uiAfter = await page.getAttribute('html', 'lang');
    check(uiAfter !== uiBefore, `html lang stayed ${uiAfter}`);
    const expectTitle = { en: 'Events', it: 'Eventi' };
    check(after === expectTitle[uiAfter], `after the toggle the table is titled ${JSON.stringify(after)} (lang ${uiAfter})`);
    const docLabel = (await page.textContent('[data-testid="doc-selected"] h3')).trim();
    check(docLabel === (uiAfter === 'it' ? 'Evento selezionato' : 'Selected event'), `document view label ${JSON.stringify(docLabel)}`);
    log(`labels: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    await shot(page, `labels-${uiAfter}`);
    step = 'close the document view';
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="doc-panel"]', { state: 'hidden', timeout });
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForFunction((b) => document.querySelector('[data-testid="events-title"]').textContent.trim() === b, before, { timeout });

    // 5. Italian and English documents both work.
    for (const lang of ['it', 'en']) {
      step = `open an event of a document in ${lang}`;
      await page.goto(`${base}/?lang=${lang}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('[data-testid="event-row"]', { timeout });
      await settled(page);
      const rs = await rows(page);
      check(rs.length > 0 && rs.every((r) => r.lang === lang), `lang=${lang}: rows in other languages`);
      await openAndCheckEvent(page, rs[0], `${lang} document`);
      await shot(page, `document-${lang}`);
    }

    // 6. A document opened by deep link (its text has characters outside the BMP).
    if (process.env.E2E_DOC_ID) {
      step = 'open a document by deep link';
      const id = process.env.E2E_DOC_ID;
      const doc = await getJson(`${base}/api/documents/${encodeURIComponent(id)}`);
      check(doc.events.length > 0, `document ${id} has no events`);
      const ev = doc.events[doc.events.length - 1];
      await page.goto(`${base}/?doc=${encodeURIComponent(id)}&ev=${encodeURIComponent(ev.id)}`, { waitUntil: 'domcontentloaded' });
      const astral = Array.from(doc.text).some((c) => c.codePointAt(0) > 0xffff);
      await checkDocView(page, id, ev.id, `deep link${astral ? ' (astral characters)' : ''}`);
      await shot(page, 'document-deep-link');
    }

    step = 'page errors';
    await settled(page);
    check(problems.length === 0, `the page reported problems:\n  ${problems.join('\n  ')}`);
    log('all checks passed');
  } catch (e) {
    try { await shot(page, 'failure'); } catch (_) { /* the page may be gone */ }
    throw e;
  } finally {
    await browser.close();
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(`dashboard e2e FAILED at step "${step}": ${e && e.message ? e.message : e}`);
  if (problems.length) console.error(`page problems:\n  ${problems.join('\n  ')}`);
  process.exit(1);
});
