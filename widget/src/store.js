// The conversation kept in the browser: session id and rendered history, in
// localStorage so that reloads and other tabs of the same site continue the
// same conversation. Pure functions plus a thin storage wrapper that works with
// any object implementing getItem/setItem/removeItem (or none at all).

export const STORE_VERSION = 1;
export const DEFAULT_MAX_MESSAGES = 200;
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

export function storageKey(serverUrl) {
  return `iop-chat:v${STORE_VERSION}:${serverUrl}`;
}

export function emptyState() {
  return { v: STORE_VERSION, sessionId: null, messages: [], turnOwner: null, updatedAt: 0 };
}

const isString = (x) => typeof x === 'string';

function validButton(b) {
  return b && isString(b.title) && (isString(b.payload) || isString(b.url));
}

/** A message read back from storage, or null if it is not one of ours. */
export function validMessage(m) {
  if (!m || typeof m !== 'object') return null;
  if (!isString(m.id) || (m.from !== 'bot' && m.from !== 'user')) return null;
  if (typeof m.ts !== 'number' || !Number.isFinite(m.ts)) return null;
  const out = { id: m.id, from: m.from, ts: m.ts, text: isString(m.text) ? m.text : '' };
  if (Array.isArray(m.buttons)) {
    const buttons = m.buttons.filter(validButton).map((b) => {
      const clean = { title: b.title };
      if (isString(b.payload)) clean.payload = b.payload;
      if (isString(b.url)) clean.url = b.url;
      return clean;
    });
    if (buttons.length) out.buttons = buttons;
  }
  if (isString(m.image)) out.image = m.image;
  if (m.pending === true) {
    out.pending = true;
    if (isString(m.payload)) out.payload = m.payload; // a button's payload, sent on reconnect
  }
  if (!out.text && !out.buttons && !out.image) return null;
  return out;
}

/** Parses stored JSON into a state; anything unexpected gives an empty state. */
export function parseState(raw, now = Date.now(), ttlMs = DEFAULT_TTL_MS) {
  if (!isString(raw) || !raw) return emptyState();
  let data;
  try {
    data = JSON.parse(raw);
  } catch {
    return emptyState();
  }
  if (!data || typeof data !== 'object' || data.v !== STORE_VERSION) return emptyState();
  const updatedAt = typeof data.updatedAt === 'number' ? data.updatedAt : 0;
  if (ttlMs > 0 && now - updatedAt > ttlMs) return emptyState();
  const messages = Array.isArray(data.messages)
    ? data.messages.map(validMessage).filter(Boolean)
    : [];
  return {
    v: STORE_VERSION,
    sessionId: isString(data.sessionId) && data.sessionId ? data.sessionId : null,
    messages,
    turnOwner: isString(data.turnOwner) ? data.turnOwner : null,
    updatedAt,
  };
}

/** A new state with `messages` appended, keeping only the newest `max`. */
export function appendMessages(state, messages, max = DEFAULT_MAX_MESSAGES, now = Date.now()) {
  const all = state.messages.concat(messages);
  return { ...state, messages: all.length > max ? all.slice(all.length - max) : all, updatedAt: now };
}

/** A new state with the message `id` changed by `patch`. */
export function updateMessage(state, id, patch, now = Date.now()) {
  return {
    ...state,
    messages: state.messages.map((m) => (m.id === id ? { ...m, ...patch } : m)),
    updatedAt: now,
  };
}

let counter = 0;
export function newId(now = Date.now()) {
  counter = (counter + 1) % 1679616;
  const rand = Math.floor(Math.random() * 2176782336).toString(36);
  return `${now.toString(36)}-${counter.toString(36)}-${rand}`;
}

/** Storage that never throws; falls back to memory when the browser refuses. */
export class SafeStorage {
  constructor(backend) {
    this.backend = backend || null;
    this.memory = new Map();
  }

  getItem(key) {
    try {
      if (this.backend) return this.backend.getItem(key);
    } catch {
      /* storage disabled: use memory */
    }
    return this.memory.has(key) ? this.memory.get(key) : null;
  }

  setItem(key, value) {
    this.memory.set(key, value);
    try {
      if (this.backend) this.backend.setItem(key, value);
    } catch {
      /* quota or privacy mode: memory only */
    }
  }

  removeItem(key) {
    this.memory.delete(key);
    try {
      if (this.backend) this.backend.removeItem(key);
    } catch {
      /* ignore */
    }
  }
}

/** Loads and saves one conversation state under one key. */
export class ConversationStore {
  constructor(storage, key, { max = DEFAULT_MAX_MESSAGES, ttlMs = DEFAULT_TTL_MS } = {}) {
    this.storage = storage instanceof SafeStorage ? storage : new SafeStorage(storage);
    this.key = key;
    this.max = max;
    this.ttlMs = ttlMs;
  }

  load(now = Date.now()) {
    const state = parseState(this.storage.getItem(this.key), now, this.ttlMs);
    if (state.messages.length > this.max) {
      state.messages = state.messages.slice(state.messages.length - this.max);
    }
    return state;
  }

  save(state) {
    const trimmed =
      state.messages.length > this.max
        ? { ...state, messages: state.messages.slice(state.messages.length - this.max) }
        : state;
    this.storage.setItem(this.key, JSON.stringify(trimmed));
    return trimmed;
  }

  clear() {
    this.storage.removeItem(this.key);
  }
}
