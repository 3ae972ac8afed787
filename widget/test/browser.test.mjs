// Browser test of the chat widget against the real servers (Rasa, action
// server, web app), started by tests/test_widget_browser.py, which passes:
//
//   DEMO_URL        the demo page on an allowed origin, e.g. http://127.0.0.1:8080/
//   OTHER_ORIGIN_URL (optional) the same page on an origin NOT in ALLOWED_ORIGINS
//   ARTIFACTS_DIR   where screenshots go (default: ../tests/artifacts)
//   CHROMIUM_PATH   Debian's Chromium (default: /usr/bin/chromium)
//
// Run: node --test-reporter=spec test/browser.test.mjs (from widget/).
// Drives headless Chromium with playwright-core; nothing is downloaded.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const DEMO_URL = process.env.DEMO_URL;
const OTHER_ORIGIN_URL = process.env.OTHER_ORIGIN_URL || '';
const ARTIFACTS = resolve(process.env.ARTIFACTS_DIR || join(here, '..', '..', 'tests', 'artifacts'));
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REPLY_TIMEOUT = Number(process.env.REPLY_TIMEOUT_MS || 30000);
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

if (!DEMO_URL) {
  console.error('DEMO_URL is not set: start the servers with tests/test_widget_browser.py');
  process.exit(2);
}
if (!OTHER_ORIGIN_URL) {
  console.error('OTHER_ORIGIN_URL is not set: the demo page on an origin outside ALLOWED_ORIGINS');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: run scripts/ensure-chromium.sh`);
  process.exit(2);
}

let browser;
let connected = false; // once false after the connection test, the conversation tests fail at once
const pageProblems = new Map(); // page -> list of console errors / page errors
const axeInjected = new WeakSet();

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

after(async () => {
  if (browser) await browser.close();
});

// --- helpers ------------------------------------------------------------------

async function newPage(context) {
  const page = await context.newPage();
  const problems = [];
  pageProblems.set(page, problems);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location() && msg.location().url ? ` (${msg.location().url}:${msg.location().lineNumber})` : '';
    problems.push(`console: ${msg.text()}${where}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return page;
}

/** Console errors other than the expected ones (e.g. refused connections while offline). */
function unexpectedProblems(page, allowed = []) {
  const ignore = [...allowed];
  // axe's own checks apply inline styles, which the page's CSP rightly refuses
  if (axeInjected.has(page)) ignore.push(/Content Security Policy directive 'style-src 'self''/);
  return (pageProblems.get(page) || []).filter((p) => !ignore.some((re) => re.test(p)));
}

/**
 * Runs `fn(root, arg)` in the page, `root` being the widget's shadow root.
 * (An expression evaluated through the DevTools protocol, so the page's CSP,
 * which forbids eval, does not apply.)
 */
function inWidget(page, fn, arg) {
  return page.evaluate(
    `(${fn.toString()})(document.querySelector('#iop-chat-widget')?.shadowRoot, ${JSON.stringify(arg ?? null)})`,
  );
}

function formatTranscript(t) {
  return t.map((m) => `  ${m.from}: ${m.text}${m.buttons.length ? ` [${m.buttons.join(' | ')}]` : ''}`).join('\n');
}

function transcript(page) {
  return inWidget(page, (root) =>
    root
      ? [...root.querySelectorAll('.iop-msg')].map((el) => ({
          from: el.classList.contains('iop-msg--bot') ? 'bot' : 'user',
          text: el.querySelector('.iop-text')?.textContent ?? '',
          buttons: [...el.querySelectorAll('.iop-reply')].map((b) => b.textContent),
          pending: el.classList.contains('iop-msg--pending'),
        }))
      : [],
  );
}

async function waitForWidget(page) {
  await page.waitForFunction(
    () => {
      const host = document.querySelector('#iop-chat-widget');
      return host && host.shadowRoot && host.style.display !== 'none' &&
        host.shadowRoot.querySelector('.iop-launcher');
    },
    null,
    { timeout: 15000 },
  );
}

async function openPanel(page) {
  const open = await inWidget(page, (root) => !root.querySelector('.iop-panel').hidden);
  if (!open) await page.locator('.iop-launcher').click();
  await page.locator('.iop-panel').waitFor({ state: 'visible' });
}

/** Waits for a bot message after the first `after` messages whose text matches `re`. */
async function waitForBot(page, after, re, timeout = REPLY_TIMEOUT) {
  try {
    await page.waitForFunction(
      ({ after: n, source, flags }) => {
        const root = document.querySelector('#iop-chat-widget').shadowRoot;
        const re = new RegExp(source, flags);
        return [...root.querySelectorAll('.iop-msg')]
          .slice(n)
          .some((el) => el.classList.contains('iop-msg--bot') && re.test(el.textContent));
      },
      { after, source: re.source, flags: re.flags },
      { timeout },
    );
  } catch (error) {
    const t = await transcript(page);
    const problems = unexpectedProblems(page).slice(-5);
    throw new Error(`no bot reply matching ${re} after message ${after}; conversation:\n${formatTranscript(t)}` +
      (problems.length ? `\nbrowser errors:\n  ${problems.join('\n  ')}` : ''));
  }
}

/** Waits until a bot message arrives after message index `after` and no more arrive for a moment. */
async function waitForReplies(page, after, timeout = REPLY_TIMEOUT) {
  await page.waitForFunction(
    (n) => {
      const root = document.querySelector('#iop-chat-widget').shadowRoot;
      return [...root.querySelectorAll('.iop-msg')].slice(n).some((el) => el.classList.contains('iop-msg--bot'));
    },
    after,
    { timeout },
  );
  let count = await messageCount(page);
  for (;;) {
    await page.waitForTimeout(700);
    const next = await messageCount(page);
    if (next === count) return count;
    count = next;
  }
}

function messageCount(page) {
  return inWidget(page, (root) => root.querySelectorAll('.iop-msg').length);
}

function requireConnection() {
  if (!connected) throw new Error('the widget never connected to Rasa (see the connection test above)');
}

async function typeMessage(page, text) {
  const before = await messageCount(page);
  await page.locator('.iop-input').fill(text);
  await page.locator('.iop-input').press('Enter');
  return before;
}

async function storedState(page) {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key.startsWith('iop-chat:v1:http')) return { key, value: JSON.parse(localStorage.getItem(key)) };
    }
    return null;
  });
}

/** The element focused inside the widget's shadow root (or the page's), described. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return {
      tag: el.tagName.toLowerCase(),
      className: typeof el.className === 'string' ? el.className : '',
      text: (el.textContent || '').trim(),
      disabled: Boolean(el.disabled),
      inWidget: Boolean(el.getRootNode && el.getRootNode().host && el.getRootNode().host.id === 'iop-chat-widget'),
      outline: getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `match(focused)` holds; fails after `max` presses. */
async function tabTo(page, match, { backwards = false, max = 60, what = 'the element' } = {}) {
  for (let i = 0; i < max; i += 1) {
    const f = await focused(page);
    if (f && match(f)) return f;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${what} with ${backwards ? 'Shift+Tab' : 'Tab'} in ${max} presses`);
}

async function runAxe(page, label) {
  const source = await readFile(join(here, '..', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  axeInjected.add(page);
  // evaluate() is not subject to the page's CSP, which allows no inline scripts.
  await page.evaluate(source);
  const results = await page.evaluate(async () =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    }),
  );
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = (v) =>
    `${v.impact}: ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`;
  console.log(`axe (${label}): ${results.violations.length} violations, ` +
    `${bad.length} serious or critical`);
  for (const v of results.violations) console.log(`  ${summary(v)}`);
  assert.deepEqual(bad.map(summary), [], `axe found serious or critical violations (${label})`);
}

async function screenshot(page, name) {
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path });
  console.log(`screenshot: ${path}`);
}

/** Everything inside bot bubbles is text, <p>, <br>, <span> or a safe <a>. */
async function assertBotTextIsText(page) {
  const found = await inWidget(page, (root) => {
    const bad = [];
    for (const el of root.querySelectorAll('.iop-msg--bot .iop-bubble *')) {
      const tag = el.tagName.toLowerCase();
      if (!['p', 'br', 'span', 'a', 'img'].includes(tag)) bad.push(tag);
      if (tag === 'a' && !/^(https?:|tel:)/.test(el.getAttribute('href') || '')) bad.push(`a href=${el.getAttribute('href')}`);
    }
    return bad;
  });
  assert.deepEqual(found, [], 'bot bubbles hold only text and safe links');
}

// --- the visitor's conversation ------------------------------------------------

describe('a visitor chats on the demo page', () => {
  let context;
  let page;

  before(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await newPage(context);
  });

  after(async () => {
    if (page && !page.isClosed()) await screenshot(page, 'widget-last-state.png').catch(() => {});
    await context?.close();
  });

  it('loads the demo page and the widget with its CSP and no console errors', async () => {
    const response = await page.goto(DEMO_URL);
    assert.equal(response.status(), 200);
    const csp = response.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    await waitForWidget(page);
    assert.equal(await page.title().then((t) => /demo/i.test(t)), true, 'the page says it is a demo');
    const external = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((r) => r.name).filter((u) => !u.startsWith(location.origin)));
    assert.deepEqual(external, [], 'nothing is loaded from another origin before the chat opens');
    assert.deepEqual(unexpectedProblems(page), []);
  });

  it('shows the header and a privacy note before the first message', async () => {
    await openPanel(page);
    const header = await inWidget(page, (root) => ({
      crisisText: root.querySelector('.iop-crisis a').textContent,
      crisisHref: root.querySelector('.iop-crisis a').getAttribute('href'),
      buttons: [...root.querySelectorAll('.iop-header button')].map((b) => b.textContent.trim()),
      privacy: root.querySelector('.iop-privacy').textContent,
      messages: root.querySelectorAll('.iop-msg').length,
      dialogLabel: root.querySelector('[role="dialog"]').getAttribute('aria-labelledby'),
      live: root.querySelector('[role="log"]').getAttribute('aria-live'),
      focusInInput: root.activeElement === root.querySelector('.iop-input'),
    }));
    assert.equal(header.crisisText, 'In crisis? Call or text 988');
    assert.equal(header.crisisHref, 'tel:988');
    assert.ok(header.buttons.includes('Talk to a person'));
    assert.ok(header.buttons.includes('Start over'));
    assert.match(header.privacy, /automated assistant, not a clinician/);
    assert.match(header.privacy, /988/);
    assert.equal(header.messages, 0);
    assert.ok(header.dialogLabel);
    assert.equal(header.live, 'polite');
    assert.ok(header.focusInInput, 'opening the chat puts the cursor in the message box');
  });

  it('connects to the Rasa server and gets a session', async () => {
    try {
      await page.waitForFunction(() => window.__iopChatWidget.widget.sessionReady, null, { timeout: 20000 });
      connected = true;
    } catch {
      throw new Error(`the widget did not get a session from Rasa's socket.io channel; browser errors:\n  ${
        unexpectedProblems(page).join('\n  ')}`);
    }
  });

  it('greets the visitor', async () => {
    requireConnection();
    const before = await typeMessage(page, 'Hello');
    await waitForBot(page, before, /automated assistant/i);
    const t = await transcript(page);
    assert.equal(t[0].from, 'user');
    assert.equal(t[0].text, 'Hello');
    const state = await storedState(page);
    assert.ok(state && state.value.sessionId, 'the session id is stored');
  });

  it('answers a typed FAQ question', async () => {
    requireConnection();
    const before = await typeMessage(page, 'How long does IOP usually last?');
    await waitForBot(page, before, /3 to 9 months/);
    await waitForReplies(page, before);
    await assertBotTextIsText(page);
  });

  it('sends a button\'s payload and shows its title', async () => {
    requireConnection();
    const t = await transcript(page);
    const last = [...t].reverse().find((m) => m.buttons.length);
    assert.ok(last, 'a bot message with buttons');
    const title = last.buttons.includes('Check if IOP fits') ? 'Check if IOP fits' : last.buttons[0];
    const before = await messageCount(page);
    await page.locator('.iop-msg--bot').last().locator('button.iop-reply', { hasText: title }).click();
    await waitForReplies(page, before);
    const after = await transcript(page);
    assert.equal(after[before].from, 'user');
    assert.equal(after[before].text, title, 'the visitor sees the button title, not the payload');
    assert.ok(!after.some((m) => m.text.startsWith('/')), 'no payload is shown');
    const disabled = await inWidget(page, (root, n) =>
      [...root.querySelectorAll('.iop-msg')].slice(0, n).every((el) =>
        [...el.querySelectorAll('button.iop-reply')].every((b) => b.disabled)), before);
    assert.ok(disabled, 'buttons of answered messages are disabled');
  });

  it('keeps the conversation across a reload and in a new tab', async () => {
    requireConnection();
    const before = await transcript(page);
    const state = await storedState(page);
    await page.reload();
    await waitForWidget(page);
    await openPanel(page);
    const after = await transcript(page);
    assert.deepEqual(after.map((m) => m.text), before.map((m) => m.text));
    assert.equal((await storedState(page)).value.sessionId, state.value.sessionId);

    const tab = await newPage(context);
    await tab.goto(DEMO_URL);
    await waitForWidget(tab);
    await openPanel(tab);
    const inTab = await transcript(tab);
    assert.deepEqual(inTab.map((m) => m.text), before.map((m) => m.text));
    // the same server-side conversation continues in the new tab
    const n = await typeMessage(tab, 'How long does IOP usually last?');
    await waitForBot(tab, n, /3 to 9 months/);
    await waitForReplies(tab, n);
    // ...and the first tab follows along
    await waitForBot(page, n, /3 to 9 months/, 10000);
    assert.deepEqual(unexpectedProblems(tab), []);
    await tab.close();
  });

  it('answers a crisis message with 988', async () => {
    requireConnection();
    const before = await typeMessage(page, "I don't want to live anymore, I'm thinking about suicide");
    await waitForBot(page, before, /988/);
    const link = await inWidget(page, (root, n) =>
      [...root.querySelectorAll('.iop-msg')].slice(n)
        .flatMap((el) => [...el.querySelectorAll('.iop-msg--bot a, a')])
        .map((a) => a.getAttribute('href')), before);
    assert.ok(link.includes('tel:988'), '988 in the reply is a tel: link');
    await waitForReplies(page, before);
  });

  it('has no serious or critical accessibility violations (desktop)', async () => {
    await runAxe(page, 'desktop, chat open');
    await screenshot(page, 'widget-desktop-1280x800.png');
  });

  it('works at 360 px and 320 px wide', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForTimeout(200);
    const box = await page.locator('.iop-panel').boundingBox();
    assert.ok(box.x >= 0 && box.width <= 360, `the panel fits the screen (${JSON.stringify(box)})`);
    // full screen, the chat is a modal dialog: Tab stays inside it
    assert.equal(await inWidget(page, (root) => root.querySelector('.iop-panel').getAttribute('aria-modal')), 'true');
    await page.locator('.iop-input').focus();
    for (let i = 0; i < 4; i += 1) {
      await page.keyboard.press('Tab');
      assert.ok((await focused(page)).inWidget, 'Tab stays in the full-screen chat');
    }
    await runAxe(page, '360 px, chat open');
    await screenshot(page, 'widget-mobile-360x740.png');
    await page.setViewportSize({ width: 320, height: 640 });
    await page.waitForTimeout(200);
    const fits = await inWidget(page, (root) => {
      const panel = root.querySelector('.iop-panel').getBoundingClientRect();
      const parts = ['.iop-crisis a', '.iop-header button', '.iop-input', '.iop-send', '.iop-close, .iop-icon-button'];
      return {
        panel: [panel.left, panel.right],
        overflow: parts.flatMap((sel) => [...root.querySelectorAll(sel)])
          .filter((el) => { const r = el.getBoundingClientRect(); return r.left < 0 || r.right > 320; })
          .map((el) => el.className),
      };
    });
    assert.deepEqual(fits.overflow, [], 'every control is on screen at 320 px');
    await screenshot(page, 'widget-mobile-320x640.png');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('reconnects after a dropped connection without losing the conversation', async () => {
    requireConnection();
    const before = await transcript(page);
    await context.setOffline(true);
    // drop the live connection the way a network change does
    await page.evaluate(() => window.__iopChatWidget.widget.socket.io.engine.close());
    await page.waitForFunction(() => {
      const s = document.querySelector('#iop-chat-widget').shadowRoot.querySelector('.iop-status');
      return !s.hidden && /connection lost/i.test(s.textContent);
    }, null, { timeout: 10000 });
    await screenshot(page, 'widget-offline.png');
    const n = await typeMessage(page, 'How long does IOP usually last?');
    const queued = await transcript(page);
    assert.equal(queued[n].pending, true, 'a message typed offline waits');
    await context.setOffline(false);
    await waitForBot(page, n, /3 to 9 months/);
    const after = await transcript(page);
    assert.deepEqual(after.slice(0, before.length).map((m) => m.text), before.map((m) => m.text));
    assert.equal(after[n].pending, false);
    const status = await inWidget(page, (root) => root.querySelector('.iop-status').textContent);
    assert.doesNotMatch(status, /connection lost/i);
  });

  it('"Talk to a person" starts the handoff', async () => {
    requireConnection();
    const before = await messageCount(page);
    await page.locator('.iop-header button', { hasText: 'Talk to a person' }).click();
    await waitForReplies(page, before);
    const t = await transcript(page);
    assert.equal(t[before].text, "I'd like to talk to a person");
    assert.ok(t.slice(before + 1).some((m) => m.from === 'bot'));
  });

  it('"Start over" clears the conversation here and on the server side', async () => {
    requireConnection();
    const old = await storedState(page);
    await page.locator('.iop-header button', { hasText: 'Start over' }).click();
    const cleared = await inWidget(page, (root) => ({
      messages: root.querySelectorAll('.iop-msg').length,
      starters: !root.querySelector('.iop-starters').hidden,
      privacy: Boolean(root.querySelector('.iop-privacy')),
    }));
    assert.deepEqual(cleared, { messages: 0, starters: true, privacy: true });
    await page.waitForFunction((oldId) => {
      for (let i = 0; i < localStorage.length; i += 1) {
        const key = localStorage.key(i);
        if (key.startsWith('iop-chat:v1:http')) {
          const v = JSON.parse(localStorage.getItem(key));
          return v.sessionId && v.sessionId !== oldId;
        }
      }
      return false;
    }, old.value.sessionId, { timeout: 10000 });
    // nothing from the old conversation comes back, after a reload either
    await page.waitForTimeout(1500);
    assert.equal(await messageCount(page), 0);
    await page.reload();
    await waitForWidget(page);
    await openPanel(page);
    assert.equal(await messageCount(page), 0);
    const before = await typeMessage(page, 'Hello');
    await waitForBot(page, before, /automated assistant/i);
    assert.deepEqual(unexpectedProblems(page, [/ERR_INTERNET_DISCONNECTED/, /Failed to load resource/]), []);
  });
});

// --- keyboard only ------------------------------------------------------------

const ANSWER_PREFERENCES = [
  /^For me$/,
  /^No$/,
  /^No, it's manageable$/,
  /^Mild/,
  /^1$/,
  /^None of these$/,
  /^Work$/,
  /^Done/,
];

function pickAnswer(buttons) {
  for (const re of ANSWER_PREFERENCES) {
    const found = buttons.find((b) => re.test(b));
    if (found) return found;
  }
  return buttons[0];
}

describe('a keyboard-only visitor', () => {
  let context;
  let page;

  before(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    page = await newPage(context);
    await page.goto(DEMO_URL);
    await waitForWidget(page);
  });

  after(async () => {
    if (page && !page.isClosed()) await screenshot(page, 'widget-keyboard-last-state.png').catch(() => {});
    await context?.close();
  });

  it('opens the chat from the launcher with Tab and Enter, and Escape closes it', async () => {
    await page.locator('body').focus();
    const launcher = await tabTo(page, (f) => f.inWidget && f.className.includes('iop-launcher'), {
      what: 'the chat launcher',
    });
    assert.notEqual(launcher.outline.split(' ')[0], 'none', 'the focused launcher has a visible outline');
    await page.keyboard.press('Enter');
    await page.locator('.iop-panel').waitFor({ state: 'visible' });
    let f = await focused(page);
    assert.ok(f.className.includes('iop-input'), 'focus moves into the message box');
    await page.keyboard.press('Escape');
    await page.locator('.iop-panel').waitFor({ state: 'hidden' });
    f = await focused(page);
    assert.ok(f.className.includes('iop-launcher'), 'Escape returns focus to the launcher');
    await page.keyboard.press('Space');
    await page.locator('.iop-panel').waitFor({ state: 'visible' });
  });

  it('completes the fit assessment with buttons chosen by keyboard', async () => {
    requireConnection();
    // start it from the suggestions, reached with Shift+Tab from the message box
    await tabTo(page, (f) => f.text === 'Is IOP right for me?', {
      backwards: true, what: 'the "Is IOP right for me?" suggestion',
    });
    let before = await messageCount(page);
    await page.keyboard.press('Enter');
    let count = await waitForReplies(page, before);
    let answered = 0;
    for (let round = 0; round < 20; round += 1) {
      const t = await transcript(page);
      const lastBot = [...t].reverse().find((m) => m.from === 'bot');
      const buttons = lastBot ? lastBot.buttons : [];
      if (!buttons.length) {
        // a question without buttons: answer in words
        before = await typeMessage(page, 'No');
      } else if (buttons.includes('Check again')) {
        break; // the outcome, with its next steps
      } else {
        const choice = pickAnswer(buttons);
        // focus is in the message box; the answers are just before it
        await page.locator('.iop-input').focus();
        await tabTo(page, (f) => f.tag === 'button' && !f.disabled && f.text === choice, {
          backwards: true, what: `the answer "${choice}"`,
        });
        before = await messageCount(page);
        await page.keyboard.press('Enter');
        const after = await transcript(page);
        assert.equal(after[before].text, choice);
      }
      answered += 1;
      count = await waitForReplies(page, before);
    }
    const t = await transcript(page);
    const lastBot = [...t].reverse().find((m) => m.from === 'bot');
    assert.ok(answered >= 3, `answered ${answered} questions:\n${formatTranscript(t)}`);
    assert.ok(lastBot.buttons.includes('Check again') && lastBot.buttons.includes('Find programs'),
      `the assessment ended with an outcome and next steps:\n${formatTranscript(t)}`);
    assert.ok(count > 0);
  });

  it('searches for programs by ZIP code with the keyboard', async () => {
    requireConnection();
    await page.locator('.iop-input').focus();
    await tabTo(page, (f) => f.tag === 'button' && !f.disabled && f.text === 'Find programs', {
      backwards: true, what: 'the "Find programs" button',
    });
    let before = await messageCount(page);
    await page.keyboard.press('Enter');
    await waitForReplies(page, before);
    await page.locator('.iop-input').focus();
    await page.keyboard.type('78701');
    before = await messageCount(page);
    await page.keyboard.press('Enter');
    await waitForBot(page, before, /Sample: /);
    await waitForReplies(page, before);
    const t = await transcript(page);
    assert.equal(t[before].text, '78701');
    const phones = await inWidget(page, (root, n) =>
      [...root.querySelectorAll('.iop-msg')].slice(n).flatMap((el) => [...el.querySelectorAll('a[href^="tel:+1"]')]).length,
    before);
    assert.ok(phones > 0, 'program phone numbers are tel: links');
    await runAxe(page, 'keyboard visitor after a search');
    await screenshot(page, 'widget-keyboard-search.png');
    assert.deepEqual(unexpectedProblems(page), []);
  });
});

// --- an origin the site owner did not allow -----------------------------------------

describe('a site that is not in ALLOWED_ORIGINS', () => {
  it('cannot open a chat connection', async () => {
    const context = await browser.newContext();
    const page = await newPage(context);
    try {
      await page.goto(OTHER_ORIGIN_URL);
      await waitForWidget(page);
      await openPanel(page);
      await page.waitForFunction(() => {
        const s = document.querySelector('#iop-chat-widget').shadowRoot.querySelector('.iop-status');
        return !s.hidden && /can't connect/i.test(s.textContent);
      }, null, { timeout: 15000 });
      const n = await typeMessage(page, 'Hello');
      await page.waitForTimeout(2000);
      const t = await transcript(page);
      assert.equal(t.length, n + 1, 'no reply arrives');
      assert.equal(t[n].pending, true);
      assert.equal(await page.evaluate(() => window.__iopChatWidget.widget.socket.connected), false);
    } finally {
      await context.close();
    }
  });
});
