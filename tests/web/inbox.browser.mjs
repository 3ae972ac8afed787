// Browser test of the advisors' inbox (issue 14) against the real web app,
// started by tests/web/test_inbox_browser.py (once per width), which passes:
//
//   INBOX_URL       the inbox, e.g. http://127.0.0.1:8080/inbox/
//   VIEWPORT_WIDTH  1280 (desktop) or 375 (phone)
//   MANIFEST        JSON from tests/web/inbox_browser_seed.py: password, accounts, handoffs
//   ADD_HANDOFF     JSON argv that saves a handoff now: argv + [first name, phone] prints its reference
//   ARTIFACTS_DIR   where screenshots go (tests/artifacts/inbox)
//   DOWNLOADS_DIR   where the CSV export is saved
//   CHROMIUM_PATH   Debian's Chromium (default: /usr/bin/chromium)
//   PROJECT_ROOT    the repository (playwright-core and axe-core come from widget/node_modules)
//
// Run through pytest: .venv/bin/python -m pytest -q tests/web/test_inbox_browser.py
// Drives headless Chromium with playwright-core; nothing is downloaded.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(process.env.PROJECT_ROOT || join(here, '..', '..'));
const require = createRequire(join(ROOT, 'widget', 'package.json'));
const { chromium } = require('playwright-core');

const INBOX = process.env.INBOX_URL;
const WIDTH = Number(process.env.VIEWPORT_WIDTH || 1280);
const HEIGHT = WIDTH <= 640 ? 740 : 800;
const PHONE = WIDTH <= 640;
const MANIFEST = JSON.parse(process.env.MANIFEST || '{}');
const ADD_HANDOFF = JSON.parse(process.env.ADD_HANDOFF || '[]');
const ARTIFACTS = resolve(process.env.ARTIFACTS_DIR || join(ROOT, 'tests', 'artifacts', 'inbox'));
const DOWNLOADS = resolve(process.env.DOWNLOADS_DIR || join(ARTIFACTS, 'downloads'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

if (!INBOX || !MANIFEST.handoffs || ADD_HANDOFF.length === 0) {
  console.error('INBOX_URL, MANIFEST and ADD_HANDOFF are not set: run tests/web/test_inbox_browser.py');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.sh`);
  process.exit(2);
}

const PASSWORD = MANIFEST.password;
const H = MANIFEST.handoffs; // old, recent, contacted, assigned, closed
const ZONES = Object.fromEntries(Object.entries(MANIFEST.accounts).map(([name, a]) => [name, a.time_zone]));
const url = (path) => new URL(path, INBOX).toString();

let browser;
const pageProblems = new Map();
const axeInjected = new WeakSet();

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  await mkdir(DOWNLOADS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  if (browser) await browser.close();
});

// --- helpers ------------------------------------------------------------------

async function newPage() {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  const problems = [];
  pageProblems.set(page, problems);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    // the browser asks for /favicon.ico on its own; the inbox has none
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') {
      problems.push(`HTTP ${response.status()}: ${response.url()}`);
    }
  });
  return page;
}

/** Console and page errors, except the refusals a test asked for (401, 403, 409) and axe's inline styles. */
function unexpectedProblems(page) {
  const ignore = [/the server responded with a status of (401|403|404|409)/, /^HTTP (401|403|409):/];
  if (axeInjected.has(page)) ignore.push(/Content Security Policy directive 'style-src 'self''/);
  return (pageProblems.get(page) || []).filter((p) => !ignore.some((re) => re.test(p)));
}

async function logIn(page, username, password = PASSWORD) {
  await page.goto(url('login'));
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('form button[type=submit]')]);
}

/** Clicks something that submits a form or follows a link, and waits for the next page. */
async function andWait(page, action) {
  const [response] = await Promise.all([page.waitForNavigation(), action()]);
  return response;
}

async function axe(page, label) {
  const source = await readFile(join(ROOT, 'widget', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  axeInjected.add(page);
  await page.evaluate(source); // evaluate() is not subject to the page's CSP
  const results = await page.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = (v) =>
    `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`;
  console.log(`axe (${label} at ${WIDTH} px): ${results.violations.length} violations, ${bad.length} serious or critical`);
  for (const v of results.violations) console.log(`  ${summary(v)}`);
  return bad.map(summary);
}

/** What does not fit the window: the page's own overflow, and actions (links, buttons, fields) off screen. */
function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const width = window.innerWidth;
    const scroll = document.documentElement.scrollWidth;
    if (scroll > width) problems.push(`page is ${scroll} px wide in a ${width} px window`);
    const actions = document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary',
    );
    for (const el of actions) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered (e.g. a closed <details>)
      const name = `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id || '').trim().slice(0, 40)}"`;
      if (box.left < -0.5 || box.right > width + 0.5) {
        problems.push(`${name} is off screen (${Math.round(box.left)}..${Math.round(box.right)} of ${width})`);
      }
      // clipped by a scrolling or hidden-overflow ancestor?
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX !== 'visible') {
          const outer = p.getBoundingClientRect();
          if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) {
            problems.push(`${name} is cut off by its container ${p.tagName.toLowerCase()}.${p.className}`);
          }
          break;
        }
      }
    }
    return problems;
  });
}

/** Every inbox page: no overflow, every action on screen, axe clean, no errors; a screenshot. */
async function checkPage(page, label) {
  const layout = await layoutProblems(page);
  await page.screenshot({ path: join(ARTIFACTS, `${label}-${WIDTH}.png`), fullPage: true });
  console.log(`screenshot: ${label}-${WIDTH}.png`);
  const violations = await axe(page, label);
  assert.deepEqual(layout, [], `${label} at ${WIDTH} px: layout`);
  assert.deepEqual(violations, [], `${label} at ${WIDTH} px: axe found serious or critical violations`);
  assert.deepEqual(unexpectedProblems(page), [], `${label}: errors in the page`);
}

function listedReferences(page) {
  return page.$$eval('table.handoffs tbody tr', (rows) => rows.map((row) => row.dataset.reference));
}

async function search(page, fields) {
  await page.goto(url(''));
  for (const [selector, value] of Object.entries(fields)) {
    const tag = await page.$eval(selector, (el) => el.tagName.toLowerCase());
    if (tag === 'select') await page.selectOption(selector, value);
    else await page.fill(selector, value);
  }
  await andWait(page, () => page.click('form.search button[type=submit]'));
  return listedReferences(page);
}

const sorted = (list) => [...list].sort();

/** "2026-11-22 21:30" for `date` in `zone`, computed here (not by the server). */
function localMinute(date, zone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(date).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The minutes around now in `zone`: a time the server wrote "now" shows one of them. */
function aroundNow(zone) {
  const now = Date.now();
  return [-90, -30, 0, 30].map((s) => localMinute(new Date(now + s * 1000), zone));
}

function historyText(page) {
  return page.$$eval('ol.history li', (items) => items.map((li) => li.textContent.replace(/\s+/g, ' ').trim()));
}

// --- the advisor's day ----------------------------------------------------------

describe(`the inbox at ${WIDTH} px`, () => {
  let avery; // advisor, America/Chicago

  before(async () => {
    avery = await newPage();
  });

  it('logs in (a wrong password is refused)', async () => {
    await avery.goto(url(''));
    assert.match(avery.url(), /\/inbox\/login/, 'the list asks for a login first');
    await checkPage(avery, 'login');
    await logIn(avery, 'avery', 'not the password at all');
    assert.match(await avery.textContent('.error'), /Wrong username or password/);
    await logIn(avery, 'avery');
    assert.equal(new URL(avery.url()).pathname, '/inbox/');
    assert.match(await avery.textContent('.who'), /avery \(advisor\)/);
  });

  it('lists the handoffs newest first; at 375 px as cards', async () => {
    const refs = await listedReferences(avery);
    assert.deepEqual(refs, [H.recent, H.old, H.closed, H.contacted, H.assigned].map((h) => h.reference));
    const display = await avery.$eval('table.handoffs tbody tr', (tr) => getComputedStyle(tr).display);
    const header = await avery.$eval('table.handoffs thead', (th) => th.getBoundingClientRect().height);
    if (PHONE) {
      assert.equal(display, 'block', 'each row is a card');
      assert.ok(header <= 1, 'the header row is for screen readers only');
      const labels = await avery.$eval('table.handoffs tbody td', (td) => getComputedStyle(td, '::before').content);
      assert.equal(labels, '"Reference"', 'each value follows its column name');
    } else {
      assert.equal(display, 'table-row');
    }
    await checkPage(avery, 'list');
  });

  it('highlights old unassigned handoffs only', async () => {
    const waiting = await avery.$$eval('tr.waiting', (rows) => rows.map((r) => r.dataset.reference));
    assert.deepEqual(waiting, [H.old.reference], 'new, nobody on it and older than an hour');
    const row = avery.locator(`tr[data-reference="${H.old.reference}"]`);
    assert.match(await row.textContent(), /waiting/, 'the word says it, not only the colour');
    const background = await row.locator('td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
    assert.notEqual(background, 'rgb(255, 255, 255)');
    assert.match(await avery.textContent('.waiting-note'), /1 handoff waiting/);
  });

  it('searches by name, phone and reference', async () => {
    assert.deepEqual(await search(avery, { '#q': 'rosalind' }), [H.old.reference]);
    assert.equal(await avery.inputValue('#q'), 'rosalind', 'the search stays in the box');
    await checkPage(avery, 'search');
    // typed differently from how it is stored: "(773) 555-0102"
    assert.deepEqual(await search(avery, { '#q': '773-555-0102' }), [H.recent.reference]);
    assert.deepEqual(await search(avery, { '#q': H.assigned.reference.toLowerCase() }), [H.assigned.reference]);
    assert.deepEqual(await search(avery, { '#q': 'nobody-is-called-this' }), []);
    assert.match(await avery.textContent('main'), /No handoffs match this search/);
  });

  it('filters by status, reason, assignee and date (in the advisor zone)', async () => {
    assert.deepEqual(await search(avery, { '#status': 'contacted' }), [H.contacted.reference]);
    assert.deepEqual(await search(avery, { '#reason': 'travel' }), [H.assigned.reference]);
    assert.deepEqual(await search(avery, { '#assignee': 'blake' }), [H.assigned.reference]);
    assert.deepEqual(
      sorted(await search(avery, { '#assignee': '-' })),
      sorted([H.old, H.recent, H.contacted, H.closed].map((h) => h.reference)),
    );
    // 03:30 UTC is the evening before in Chicago: that is the day the advisor sees and filters by.
    const day = localMinute(new Date(H.assigned.created_at), ZONES.avery).slice(0, 10);
    const utcDay = H.assigned.created_at.slice(0, 10);
    assert.notEqual(day, utcDay);
    assert.deepEqual(await search(avery, { '#from': day, '#to': day }), [H.assigned.reference]);
    assert.deepEqual(await search(avery, { '#from': utcDay, '#to': utcDay }), []);
    assert.deepEqual(
      await search(avery, { '#status': 'new', '#reason': 'detox', '#assignee': '-' }),
      [H.recent.reference],
      'filters combine',
    );
    await checkPage(avery, 'filters');
  });

  it('assigns to me from the list, and Mine shows it', async () => {
    await avery.goto(url(''));
    await andWait(avery, () => avery.click('nav.filters >> text=Mine'));
    assert.deepEqual(await listedReferences(avery), []);
    await avery.goto(url(''));
    await andWait(avery, () => avery.click(`button[aria-label="Assign to me: ${H.old.reference}"]`));
    assert.match(await avery.textContent('.flash'), new RegExp(`${H.old.reference} is assigned to you`));
    const row = avery.locator(`tr[data-reference="${H.old.reference}"]`);
    assert.match(await row.locator('td[data-label="Assigned to"]').textContent(), /you/);
    await andWait(avery, () => avery.click('nav.filters >> text=Mine'));
    assert.equal(await avery.getAttribute('nav.filters >> text=Mine', 'aria-current'), 'page');
    assert.deepEqual(await listedReferences(avery), [H.old.reference]);
    await checkPage(avery, 'mine');
  });

  it('assigns to another advisor; the history says who and when', async () => {
    await avery.goto(url(`handoffs/${H.recent.reference}`));
    await avery.selectOption('#assign-to', 'blake');
    await andWait(avery, () => avery.click('form:has(#assign-to) button[type=submit]'));
    assert.match(await avery.textContent('.flash'), /is assigned to blake/);
    assert.match(await avery.textContent('.assignment'), /blake/);
    const history = await historyText(avery);
    const line = history.find((text) => /assigned to blake by avery/.test(text));
    assert.ok(line, `history: ${history.join(' | ')}`);
    assert.ok(aroundNow(ZONES.avery).some((t) => line.includes(t)), `"${line}" is not now in Chicago`);
  });

  it('taking a handoff assigned to someone else asks first', async () => {
    await avery.goto(url(`handoffs/${H.assigned.reference}`));
    assert.match(await avery.textContent('.assignment'), /blake/);
    const response = await andWait(avery, () => avery.click('.assignment button:text("Assign to me")'));
    assert.equal(response.status(), 409);
    assert.match(await avery.textContent('main'), /assigned to blake.*calling this person already/s);
    await checkPage(avery, 'confirm-take');
    await andWait(avery, () => avery.click('button:text("Yes, take it from blake")'));
    assert.match(await avery.textContent('.assignment'), /you/);
    const history = await historyText(avery);
    assert.ok(history.some((t) => /assigned to avery by avery \(was blake\)/.test(t)), history.join(' | '));
  });

  it('a status change and its note appear in the history with who and when', async () => {
    await avery.goto(url(`handoffs/${H.recent.reference}`));
    const note = 'Left a voicemail at 9; will call again after lunch.';
    await avery.check('input[name=status][value=contacted]');
    await avery.fill('#note', note);
    await andWait(avery, () => avery.click('.status-form button[type=submit]'));
    assert.match(await avery.textContent('.flash'), /marked contacted/);
    assert.equal((await avery.textContent('h1 .badge')).trim(), 'contacted');
    const history = await historyText(avery);
    const line = history.find((text) => /contacted by avery/.test(text));
    assert.ok(line && line.includes(note), `history: ${history.join(' | ')}`);
    assert.ok(aroundNow(ZONES.avery).some((t) => line.includes(t)), `"${line}" is not now in Chicago`);
    await checkPage(avery, 'detail');
  });

  it('the summary shows the reason first and no "not asked"', async () => {
    await avery.goto(url(`handoffs/${H.old.reference}`));
    const card = avery.locator('section.card:has(h2:text("Intake summary"))');
    const facts = await card.locator('dl.facts').evaluate((dl) =>
      [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent.trim(), dt.nextElementSibling.textContent.trim()]),
    );
    assert.deepEqual(facts[0], ['Reason for the handoff', 'Asked to talk to a person']);
    assert.ok(facts.length >= 2, 'what was asked is shown');
    for (const [label, value] of facts) assert.doesNotMatch(value, /not asked/i, `${label}: ${value}`);
    const list = card.locator('details.not-asked ul');
    assert.equal(await list.isVisible(), false, 'the unasked questions are folded away');
    assert.equal(await card.locator('details.not-asked').evaluate((d) => d.open), false);
    await checkPage(avery, 'summary');
  });

  it('shows every time in the advisor zone (two advisors, two zones)', async () => {
    const created = new Date(H.assigned.created_at);
    await avery.goto(url(`handoffs/${H.assigned.reference}`));
    const chicago = localMinute(created, ZONES.avery);
    assert.match(await avery.textContent('.meta'), new RegExp(`created ${chicago} C[SD]T`));
    assert.match(await avery.textContent('.topbar'), /Times in America\/Chicago/);

    const blake = await newPage();
    await logIn(blake, 'blake');
    await blake.goto(url(`handoffs/${H.assigned.reference}`));
    const berlin = localMinute(created, ZONES.blake);
    assert.notEqual(chicago, berlin);
    assert.match(await blake.textContent('.meta'), new RegExp(`created ${berlin} CES?T`));
    const title = await blake.goto(url('')).then(() =>
      blake.getAttribute(`tr[data-reference="${H.assigned.reference}"] td[data-label="Age"]`, 'title'));
    assert.match(title, new RegExp(berlin), 'the list shows the same zone');
    await blake.goto(url('accounts/me'));
    assert.equal(await blake.inputValue('#time_zone'), 'Europe/Berlin');
    await checkPage(blake, 'own-account');
    await blake.context().close();
  });

  it('a handoff saved while the list is open appears by itself', async () => {
    await avery.goto(url(''));
    await avery.evaluate(() => { window.notReloaded = true; });
    const [command, ...args] = ADD_HANDOFF;
    const reference = execFileSync(command, [...args, 'Florentina', '(312) 555-0199'], { cwd: ROOT, encoding: 'utf8' })
      .trim();
    const started = Date.now();
    await avery.waitForSelector(`tr[data-reference="${reference}"]`, { timeout: 15000 });
    const seconds = (Date.now() - started) / 1000;
    console.log(`new handoff shown after ${seconds.toFixed(1)} s`);
    assert.equal(await avery.evaluate(() => window.notReloaded), true, 'the list changed without a reload');
    assert.match(await avery.textContent('#queue-status'), /1 new/);
    assert.equal((await listedReferences(avery))[0], reference, 'newest first');
    await checkPage(avery, 'list-refreshed');
  });

  it('CSV export is refused for an advisor', async () => {
    await avery.goto(url(''));
    assert.equal(await avery.locator('a:text("Download CSV")').count(), 0, 'no export link for an advisor');
    const response = await avery.goto(url('export.csv'));
    assert.equal(response.status(), 403);
    assert.match(response.headers()['content-type'], /text\/html/);
    await checkPage(avery, 'export-refused');
  });

  describe('the admin', () => {
    let morgan;

    before(async () => {
      morgan = await newPage();
      await logIn(morgan, 'morgan');
    });

    it('exports the filtered list as CSV, and the export is recorded', async () => {
      await search(morgan, { '#status': 'new' });
      const shown = await listedReferences(morgan);
      assert.ok(shown.length >= 2, `new handoffs: ${shown}`);
      const [download] = await Promise.all([
        morgan.waitForEvent('download'),
        morgan.click('a:text("Download CSV")'),
      ]);
      const path = join(DOWNLOADS, `export-${WIDTH}.csv`);
      await download.saveAs(path);
      const lines = (await readFile(path, 'utf8')).trim().split(/\r?\n/);
      assert.match(lines[0], /reference/i, 'a header row');
      assert.equal(lines.length - 1, shown.length, 'one row per handoff in the filtered list');
      for (const ref of shown) assert.ok(lines.some((l) => l.includes(ref)), `${ref} is in the CSV`);
      assert.ok(!lines.some((l) => l.includes(H.closed.reference)), 'only the filtered list');

      await morgan.goto(url('accounts/'));
      const exports = await morgan.$$eval('table.exports tbody tr', (rows) =>
        rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim())));
      assert.equal(exports.length, 1, `recorded exports: ${JSON.stringify(exports)}`);
      const [when, who, filters, count] = exports[0];
      assert.equal(who, 'morgan');
      assert.equal(filters, 'status=new');
      assert.equal(count, String(shown.length));
      assert.ok(aroundNow('UTC').some((t) => when.includes(t)), `exported at ${when}`);
    });

    it('administers accounts: list, create, reset, disable', async () => {
      await morgan.goto(url('accounts/'));
      const names = await morgan.$$eval('table.accounts tbody tr td:first-child', (tds) => tds.map((td) => td.textContent.trim()));
      assert.deepEqual(sorted(names), ['avery', 'blake', 'morgan', 'tess']);
      await checkPage(morgan, 'accounts');

      await morgan.fill('#new-username', 'casey');
      await morgan.fill('#new-password', 'first password for casey');
      await morgan.selectOption('#new-role', 'advisor');
      await morgan.fill('#new-zone', 'America/Denver');
      await andWait(morgan, () => morgan.click('form:has(#new-username) button[type=submit]'));
      assert.match(await morgan.textContent('.flash'), /Account casey created \(advisor\)/);
      const caseyRow = morgan.locator('table.accounts tbody tr:has(td:text-is("casey"))');
      assert.match(await caseyRow.textContent(), /advisor.*active.*America\/Denver/s);

      await caseyRow.locator('input[type=password]').fill('second password for casey');
      await andWait(morgan, () => caseyRow.locator('button:text("Reset password")').click());
      assert.match(await morgan.textContent('.flash'), /New password set for casey/);

      const casey = await newPage();
      await logIn(casey, 'casey', 'first password for casey');
      assert.match(await casey.textContent('.error'), /Wrong username or password/, 'the old password no longer works');
      await logIn(casey, 'casey', 'second password for casey');
      assert.equal(new URL(casey.url()).pathname, '/inbox/');

      await andWait(morgan, () => caseyRow.locator('button:text("Disable")').click());
      assert.match(await morgan.textContent('.flash'), /Account casey disabled/);
      assert.match(await caseyRow.textContent(), /disabled/);
      await checkPage(morgan, 'accounts-changed');

      await casey.goto(url(''));
      assert.match(casey.url(), /\/inbox\/login/, 'a disabled account is logged out');
      await logIn(casey, 'casey', 'second password for casey');
      assert.match(await casey.textContent('.error'), /Wrong username or password/);
      await casey.context().close();
    });

    it('an advisor cannot open the accounts page', async () => {
      const response = await avery.goto(url('accounts/'));
      assert.equal(response.status(), 403);
    });
  });

  it('a trainer cannot open handoffs', async () => {
    const tess = await newPage();
    await logIn(tess, 'tess');
    for (const path of ['', `handoffs/${H.old.reference}`, 'queue.json', 'export.csv']) {
      const response = await tess.goto(url(path));
      assert.equal(response.status(), 403, `/inbox/${path}`);
      const text = await tess.textContent('body');
      assert.ok(!text.includes('Rosalind') && !text.includes(H.old.phone), 'no handoff shown');
    }
    const response = await tess.goto(url(`handoffs/${H.old.reference}`));
    assert.match(await tess.textContent('main'), /cannot open this page/);
    assert.equal(response.status(), 403);
    await checkPage(tess, 'trainer-refused');
    await tess.context().close();
  });
});
