import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConversationStore, SafeStorage, appendMessages, emptyState, parseState, storageKey,
  updateMessage, validMessage, newId,
} from '../../src/store.js';

class MemoryStorage {
  constructor() { this.data = new Map(); }
  getItem(k) { return this.data.has(k) ? this.data.get(k) : null; }
  setItem(k, v) { this.data.set(k, String(v)); }
  removeItem(k) { this.data.delete(k); }
}

const msg = (i, from = 'bot', ts = 1000 + i) => ({ id: `m${i}`, from, ts, text: `message ${i}` });

test('storage key is namespaced and versioned per server', () => {
  assert.equal(storageKey('https://rasa.example.org'), 'iop-chat:v1:https://rasa.example.org');
});

test('save and load round-trip the session id and messages', () => {
  const store = new ConversationStore(new MemoryStorage(), 'k');
  const now = Date.now();
  const state = appendMessages({ ...emptyState(), sessionId: 's1' }, [msg(1, 'user', now), msg(2, 'bot', now)], 200, now);
  store.save(state);
  const loaded = store.load(now);
  assert.equal(loaded.sessionId, 's1');
  assert.deepEqual(loaded.messages.map((m) => m.id), ['m1', 'm2']);
});

test('history is bounded to the newest messages', () => {
  const many = Array.from({ length: 250 }, (_, i) => msg(i));
  const state = appendMessages(emptyState(), many, 200);
  assert.equal(state.messages.length, 200);
  assert.equal(state.messages[0].id, 'm50');
  assert.equal(state.messages[199].id, 'm249');
  const store = new ConversationStore(new MemoryStorage(), 'k', { max: 10 });
  store.save(state);
  assert.equal(store.load(state.updatedAt).messages.length, 10);
});

test('clear forgets everything', () => {
  const backend = new MemoryStorage();
  const store = new ConversationStore(backend, 'k');
  store.save({ ...emptyState(), sessionId: 's', updatedAt: Date.now() });
  store.clear();
  assert.equal(backend.getItem('k'), null);
  assert.deepEqual(store.load(), emptyState());
});

test('corrupt, foreign or old data gives an empty state', () => {
  assert.deepEqual(parseState('{not json'), emptyState());
  assert.deepEqual(parseState(JSON.stringify({ v: 99, messages: [msg(1)] })), emptyState());
  assert.deepEqual(parseState(JSON.stringify([1, 2])), emptyState());
  assert.deepEqual(parseState(null), emptyState());
});

test('history older than the time-to-live is dropped', () => {
  const raw = JSON.stringify({ v: 1, sessionId: 's', messages: [msg(1)], updatedAt: 0 });
  assert.deepEqual(parseState(raw, 48 * 3600 * 1000, 24 * 3600 * 1000), emptyState());
  assert.equal(parseState(raw, 1000, 24 * 3600 * 1000).sessionId, 's');
  assert.equal(parseState(raw, 1e12, 0).sessionId, 's'); // ttl 0: keep forever
});

test('invalid messages and button fields are filtered out on load', () => {
  assert.equal(validMessage({ id: 'x', from: 'hacker', ts: 1, text: 'hi' }), null);
  assert.equal(validMessage({ id: 'x', from: 'bot', ts: 'yesterday', text: 'hi' }), null);
  assert.equal(validMessage({ id: 'x', from: 'bot', ts: 1, text: '' }), null);
  const m = validMessage({
    id: 'x', from: 'bot', ts: 1, text: 'pick', html: '<b>x</b>',
    buttons: [{ title: 'Yes', payload: '/affirm', onclick: 'evil' }, { payload: '/no-title' }],
  });
  assert.deepEqual(m, { id: 'x', from: 'bot', ts: 1, text: 'pick', buttons: [{ title: 'Yes', payload: '/affirm' }] });
});

test('pending visitor messages keep their payload until sent', () => {
  const m = validMessage({ id: 'x', from: 'user', ts: 1, text: 'Yes', pending: true, payload: '/affirm' });
  assert.equal(m.payload, '/affirm');
  const sent = updateMessage({ ...emptyState(), messages: [m] }, 'x', { pending: false, payload: undefined });
  const reloaded = validMessage(JSON.parse(JSON.stringify(sent.messages[0])));
  assert.equal(reloaded.pending, undefined);
  assert.equal(reloaded.payload, undefined);
});

test('SafeStorage falls back to memory when the browser refuses', () => {
  const broken = {
    getItem() { throw new Error('SecurityError'); },
    setItem() { throw new Error('QuotaExceededError'); },
    removeItem() { throw new Error('SecurityError'); },
  };
  const s = new SafeStorage(broken);
  s.setItem('a', '1');
  assert.equal(s.getItem('a'), '1');
  s.removeItem('a');
  assert.equal(s.getItem('a'), null);
  const none = new SafeStorage(null);
  none.setItem('b', '2');
  assert.equal(none.getItem('b'), '2');
});

test('ids are unique', () => {
  const ids = new Set(Array.from({ length: 1000 }, () => newId()));
  assert.equal(ids.size, 1000);
});
