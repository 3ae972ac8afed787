import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatErrorMessage, normalizeBotMessage, confirmedSessionId, lastUserIndex, userMessage } from '../../src/messages.js';

test('text message', () => {
  assert.deepEqual(normalizeBotMessage({ text: ' Hi there ' }, { id: 'a', now: 5 }), {
    id: 'a', from: 'bot', ts: 5, text: 'Hi there',
  });
});

test("Rasa's quick_replies become buttons", () => {
  const m = normalizeBotMessage({
    text: 'What next?',
    quick_replies: [
      { content_type: 'text', title: 'Check if IOP fits', payload: '/assess_fit' },
      { content_type: 'text', title: 'Find programs', payload: '/find_program' },
    ],
  }, { id: 'a', now: 1 });
  assert.deepEqual(m.buttons, [
    { title: 'Check if IOP fits', payload: '/assess_fit' },
    { title: 'Find programs', payload: '/find_program' },
  ]);
});

test('buttons: url buttons keep only safe URLs; empty ones are dropped', () => {
  const m = normalizeBotMessage({
    text: 'x',
    buttons: [
      { title: 'Website', url: 'https://program.example.org', type: 'web_url' },
      { title: 'Evil', url: 'javascript:alert(1)', type: 'web_url' },
      { title: 'Call', url: 'tel:+15551234567', payload: '/call' },
      { title: '', payload: '/x' },
      { title: 'No payload' },
      'junk',
    ],
  }, { id: 'a' });
  assert.deepEqual(m.buttons, [
    { title: 'Website', url: 'https://program.example.org/' },
    { title: 'Call', payload: '/call', url: 'tel:+15551234567' },
  ]);
});

test('image attachments need an http(s) source', () => {
  assert.equal(
    normalizeBotMessage({ attachment: { type: 'image', payload: { src: 'https://x.org/a.png' } } }, { id: 'a' }).image,
    'https://x.org/a.png',
  );
  assert.equal(normalizeBotMessage({ attachment: { type: 'image', payload: { src: 'javascript:1' } } }, { id: 'a' }), null);
});

test('custom payloads with text are shown; empty events are ignored', () => {
  assert.equal(normalizeBotMessage({ custom: { text: 'From custom' } }, { id: 'a' }).text, 'From custom');
  assert.equal(normalizeBotMessage({}, { id: 'a' }), null);
  assert.equal(normalizeBotMessage(null, { id: 'a' }), null);
  assert.equal(normalizeBotMessage({ text: '   ' }, { id: 'a' }), null);
});

test('session_confirm: string or {session_id}', () => {
  assert.equal(confirmedSessionId('abc'), 'abc');
  assert.equal(confirmedSessionId({ session_id: 'def' }), 'def');
  assert.equal(confirmedSessionId(''), null);
  assert.equal(confirmedSessionId({}), null);
});

test('lastUserIndex marks which buttons were answered', () => {
  const messages = [
    { from: 'bot' }, userMessage('a', { id: '1' }), { from: 'bot' }, { from: 'bot' },
  ];
  assert.equal(lastUserIndex(messages), 1);
  assert.equal(lastUserIndex([{ from: 'bot' }]), -1);
});

test('chat_error: a plain sentence for the visitor, with the crisis line', () => {
  const unavailable = chatErrorMessage({ error: 'unavailable', message: 'store down' }, { id: 'e' });
  assert.equal(unavailable.from, 'bot');
  assert.match(unavailable.text, /send it again in a moment/);
  assert.match(unavailable.text, /988/);
  assert.doesNotMatch(unavailable.text, /store down/);
  assert.match(chatErrorMessage({ error: 'bad_request' }, { id: 'e' }).text, /other words/);
  assert.equal(chatErrorMessage(null, { id: 'e' }).error, 'unknown');
});
