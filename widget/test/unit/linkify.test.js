import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkify, safeHref, trimUrl, phoneHref } from '../../src/linkify.js';

const links = (text) => linkify(text).filter((s) => s.type === 'link');
const joined = (segments) => segments.map((s) => s.text).join('');

test('plain text stays one text segment, markup included', () => {
  const text = '<img src=x onerror=alert(1)> & <b>bold</b>';
  assert.deepEqual(linkify(text), [{ type: 'text', text }]);
});

test('empty and non-string input give no segments', () => {
  assert.deepEqual(linkify(''), []);
  assert.deepEqual(linkify(null), []);
  assert.deepEqual(linkify(42), []);
});

test('http and https URLs become links; trailing punctuation stays text', () => {
  const segs = linkify('See https://findtreatment.gov/locator. Or http://example.org/a?b=1, ok');
  assert.deepEqual(segs.filter((s) => s.type === 'link').map((l) => l.href), [
    'https://findtreatment.gov/locator',
    'http://example.org/a?b=1',
  ]);
  assert.equal(joined(segs), 'See https://findtreatment.gov/locator. Or http://example.org/a?b=1, ok');
});

test('parentheses around a URL are not part of it, balanced ones are', () => {
  assert.equal(links('(see https://example.org/x)')[0].text, 'https://example.org/x');
  assert.equal(
    links('https://en.wikipedia.org/wiki/Naloxone_(drug) is it')[0].href,
    'https://en.wikipedia.org/wiki/Naloxone_(drug)',
  );
});

test('javascript:, data: and other schemes are never links', () => {
  for (const text of [
    'javascript:alert(1)',
    '[click](javascript:alert(1))',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'file:///etc/passwd',
  ]) {
    assert.deepEqual(links(text), [], text);
    assert.equal(joined(linkify(text)), text);
  }
});

test('markdown links with safe URLs show their label', () => {
  const segs = linkify('Visit [SAMHSA](https://www.samhsa.gov) today');
  assert.deepEqual(segs, [
    { type: 'text', text: 'Visit ' },
    { type: 'link', text: 'SAMHSA', href: 'https://www.samhsa.gov/' },
    { type: 'text', text: ' today' },
  ]);
});

test('988 becomes a tel: link, but not inside other numbers', () => {
  assert.deepEqual(links('call or text 988 now'), [{ type: 'link', text: '988', href: 'tel:988' }]);
  assert.deepEqual(links('call or text 988.'), [{ type: 'link', text: '988', href: 'tel:988' }]);
  assert.deepEqual(links('ZIP 19880 or 9881 or 988-1234 or 1988'), []);
});

test('US phone numbers become tel: links', () => {
  assert.deepEqual(links('SAMHSA: 1-800-662-4357, 24/7')[0], {
    type: 'link', text: '1-800-662-4357', href: 'tel:+18006624357',
  });
  assert.equal(links('Call (555) 123-4567 today')[0].href, 'tel:+15551234567');
  assert.equal(links('Call 555.123.4567')[0].href, 'tel:+15551234567');
  assert.deepEqual(links('3 to 9 months, 5 days a week for 6 hours'), []);
});

test('explicit tel: URIs are kept, with only digits and +', () => {
  assert.deepEqual(links('tel:+1-555-123-4567'), [
    { type: 'link', text: '+1-555-123-4567', href: 'tel:+15551234567' },
  ]);
});

test('safeHref accepts only http(s) and tel:', () => {
  assert.equal(safeHref('https://example.org'), 'https://example.org/');
  assert.equal(safeHref('tel:988'), 'tel:988');
  assert.equal(safeHref('javascript:alert(1)'), null);
  assert.equal(safeHref('tel:abc'), null);
  assert.equal(safeHref('//example.org'), null);
  assert.equal(safeHref(undefined), null);
});

test('trimUrl and phoneHref', () => {
  assert.equal(trimUrl('https://x.org/a).'), 'https://x.org/a');
  assert.equal(trimUrl('https://x.org/a_(b)'), 'https://x.org/a_(b)');
  assert.equal(phoneHref('800 662 4357'), 'tel:+18006624357');
  assert.equal(phoneHref('1 (800) 662-4357'), 'tel:+18006624357');
});
