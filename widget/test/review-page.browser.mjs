// The trainers' review page in a real browser (headless Debian Chromium driven
// by playwright-core; nothing is downloaded). Started by
// tests/web/test_review_browser.py and tests/processes/test_review_loop.py,
// which start the web app and pass:
//
//   REVIEW_BASE_URL   the web app, e.g. http://127.0.0.1:8080
//   REVIEW_USERNAME, REVIEW_PASSWORD   a trainer's account
//   REVIEW_LABELS     JSON list of {"id", "label", "text" (optional: the example
//                     to type instead of the item's), "new_topic" (optional)};
//                     the first is labelled at 1280 px with the mouse, the
//                     second (if any) at 375 px with the keyboard only
//   ARTIFACTS_DIR     where screenshots go (review-<label>-<width>px.png)
//   CHROMIUM_PATH     Debian's Chromium (default: /usr/bin/chromium)
//
// Run: node --test-reporter=spec test/review-page.browser.mjs (from widget/).

import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BASE = process.env.REVIEW_BASE_URL;
const USERNAME = process.env.REVIEW_USERNAME;
const PASSWORD = process.env.REVIEW_PASSWORD;
const LABELS = JSON.parse(process.env.REVIEW_LABELS || '[]');
const ARTIFACTS = resolve(process.env.ARTIFACTS_DIR || join(here, '..', '..', 'tests', 'artifacts', 'review'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, keyboard: false },
  { name: 'mobile', width: 375, height: 740, keyboard: true },
];

if (!BASE || !USERNAME || !PASSWORD || LABELS.length === 0) {
  console.error('REVIEW_BASE_URL, REVIEW_USERNAME, REVIEW_PASSWORD and REVIEW_LABELS are required');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.sh`);
  process.exit(2);
}

let browser;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  if (browser) await browser.close();
});

/** A page that records console errors, failed requests and requests to other origins. */
async function newPage(viewport) {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(BASE).origin;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location() && msg.location().url ? ` (${msg.location().url})` : '';
    // the browser's own request for /favicon.ico (the app has none) is not the page's
    if (where.endsWith('/favicon.ico)')) return;
    problems.push(`console: ${msg.text()}${where}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) problems.push(`third-party request: ${request.url()}`);
  });
  page.on('response', (response) => {
    // a refused label is a 400 page by design; anything else failing is a problem
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { context, page, problems };
}

async function runAxe(page, label) {
  const source = await readFile(join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(source); // evaluate() is not subject to the page's CSP
  const results = await page.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  const summary = (v) => `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`;
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  console.log(`axe (${label}): ${results.violations.length} violations, ${bad.length} serious or critical`);
  for (const v of results.violations) console.log(`  ${summary(v)}`);
  assert.deepEqual(bad.map(summary), [], `axe found serious or critical violations (${label})`);
}

async function logIn(page) {
  await page.goto(`${BASE}/inbox/login`);
  await page.getByLabel('Username').fill(USERNAME);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/inbox\/review\/$/), page.getByLabel('Password').press('Enter')]);
  await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
}

/** Tab forwards until `locator` has the focus (keyboard-only use). */
async function tabTo(page, locator, what, max = 400) {
  const handle = await locator.elementHandle();
  for (let i = 0; i < max; i += 1) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${what} with Tab in ${max} presses`);
}

async function labelOne(page, item, keyboard) {
  const card = page.locator(`#item-${item.id}`);
  await card.waitFor();
  const select = card.getByLabel('Label', { exact: true });
  const example = card.getByLabel('Example to add');
  const submit = card.getByRole('button', { name: `Label message ${item.id}` });
  const choice = item.new_topic ? '__new__' : item.label;
  if (keyboard) {
    await tabTo(page, select, `the label of item ${item.id}`);
    await select.selectOption(choice); // what the arrow keys do in a focused <select>
    await page.keyboard.press('Tab');
    if (item.new_topic) await page.keyboard.type(item.new_topic);
    await page.keyboard.press('Tab');
    assert.equal(await example.evaluate((el) => el === document.activeElement), true, 'Tab reaches the example');
    if (item.text !== undefined && item.text !== null) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(item.text);
    }
    await page.keyboard.press('Tab');
    assert.equal(await submit.evaluate((el) => el === document.activeElement), true, 'Tab reaches the button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  } else {
    await select.selectOption(choice);
    if (item.new_topic) await card.getByLabel(/New topic name/).fill(item.new_topic);
    if (item.text !== undefined && item.text !== null) await example.fill(item.text);
    await Promise.all([page.waitForNavigation(), submit.click()]);
  }
  const flash = page.locator('.flash').first();
  await flash.waitFor();
  const label = item.new_topic ? `faq/${item.new_topic}` : item.label;
  assert.match(await flash.innerText(), new RegExp(`Item ${item.id} labelled ${label.replace('/', '\\/')}`));
  assert.equal(await page.locator(`#item-${item.id}`).count(), 0, 'a labelled item leaves the open queue');
}

VIEWPORTS.forEach((viewport, index) => {
  const item = LABELS[index];
  if (!item) return;
  it(`labels item ${item.id} at ${viewport.width} px (${viewport.keyboard ? 'keyboard' : 'mouse'})`, async () => {
    const { context, page, problems } = await newPage(viewport);
    try {
      await logIn(page);
      await page.locator(`#item-${item.id}`).scrollIntoViewIfNeeded();
      await runAxe(page, `queue at ${viewport.width} px`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `the page is ${width} px wide at ${viewport.width} px`);
      await page.screenshot({ path: join(ARTIFACTS, `review-queue-${viewport.width}px.png`), fullPage: viewport.keyboard });
      await labelOne(page, item, viewport.keyboard);
      await page.screenshot({ path: join(ARTIFACTS, `review-labelled-${viewport.width}px.png`) });
      await page.goto(`${BASE}/inbox/review/?status=labelled`);
      const done = page.locator('.decided', { hasText: `by ${USERNAME} on` });
      assert.ok((await done.count()) >= index + 1, 'the labelled list says who labelled and when');
      await runAxe(page, `labelled items at ${viewport.width} px`);
      // axe's own checks apply inline styles, which the page's CSP rightly refuses
      const real = problems.filter((p) => !/Content Security Policy directive 'style-src 'self''/.test(p));
      assert.deepEqual(real, [], 'console errors, failed or third-party requests');
    } finally {
      await context.close();
    }
  });
});
