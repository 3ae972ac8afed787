import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig, normalizeServerUrl } from '../../src/config.js';
import { contrastRatio, readableOn, safeCssColor } from '../../src/colors.js';

const page = 'https://referrals.example.com/programs/';
const script = 'https://chat.example.com/widget/widget.js';

test('no configuration: defaults, assets next to the script, server from config.json', () => {
  const c = resolveConfig({ scriptSrc: script, dataset: {}, options: undefined, pageUrl: page });
  assert.equal(c.serverUrl, null);
  assert.equal(c.socketPath, '/socket.io');
  assert.equal(c.assetBase, 'https://chat.example.com/widget/');
  assert.equal(c.configUrl, 'https://chat.example.com/widget/config.json');
  assert.equal(c.title, 'Treatment questions');
  assert.equal(c.colors.primary, '#0b5394');
  assert.equal(c.colors.onPrimary, '#ffffff');
});

test('data attributes configure the widget', () => {
  const c = resolveConfig({
    scriptSrc: script,
    dataset: { serverUrl: 'https://rasa.example.org/', title: 'Ask us', primaryColor: '#ffd000' },
    pageUrl: page,
  });
  assert.equal(c.serverUrl, 'https://rasa.example.org');
  assert.equal(c.title, 'Ask us');
  assert.equal(c.colors.primary, '#ffd000');
  assert.equal(c.colors.onPrimary, '#111111'); // dark text on a light brand colour
});

test('window.IOPChatWidget wins over data attributes', () => {
  const c = resolveConfig({
    scriptSrc: script,
    dataset: { serverUrl: 'https://a.example.org', title: 'A' },
    options: { serverUrl: 'https://b.example.org', title: 'B', socketPath: 'rasa/socket.io', colors: { primary: '#123456', botBubble: 'url(x)' } },
    pageUrl: page,
  });
  assert.equal(c.serverUrl, 'https://b.example.org');
  assert.equal(c.title, 'B');
  assert.equal(c.socketPath, '/rasa/socket.io');
  assert.equal(c.colors.primary, '#123456');
  assert.equal(c.colors.botBubble, undefined); // not a colour: ignored
});

test('server URLs must be http(s)', () => {
  assert.equal(normalizeServerUrl('javascript:alert(1)', page), null);
  assert.equal(normalizeServerUrl('ftp://x', page), null);
  assert.equal(normalizeServerUrl('', page), null);
  assert.equal(normalizeServerUrl('https://x.org/rasa/', page), 'https://x.org/rasa');
});

test('colours: contrast and safe values', () => {
  assert.ok(contrastRatio('#0b5394', '#ffffff') >= 4.5);
  assert.ok(contrastRatio('#8a1c12', '#fdecea') >= 4.5);
  assert.ok(contrastRatio('#4b5563', '#ffffff') >= 4.5);
  assert.ok(contrastRatio('#4d3800', '#fff4ce') >= 4.5);
  assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
  assert.equal(readableOn('#000000'), '#ffffff');
  assert.equal(readableOn('#ffffff'), '#111111');
  assert.equal(safeCssColor('red;background:url(x)'), null);
  assert.equal(safeCssColor('rgb(1, 2, 3)'), 'rgb(1, 2, 3)');
});
