// Turns what Rasa's socket.io channel emits (bot_uttered) into the widget's
// message model: {id, from, ts, text, buttons?, image?}.

import { safeHref } from './linkify.js';

function cleanButtons(list) {
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const b of list) {
    if (!b || typeof b !== 'object') continue;
    const title = typeof b.title === 'string' ? b.title.trim() : '';
    if (!title) continue;
    const button = { title };
    if (typeof b.payload === 'string' && b.payload.trim()) button.payload = b.payload.trim();
    // A button with a url opens that link (http(s) or tel: only).
    const url = typeof b.url === 'string' ? safeHref(b.url) : null;
    if (url) button.url = url;
    if (b.type === 'web_url' && !url) continue;
    if (!button.payload && !button.url) continue;
    out.push(button);
  }
  return out.slice(0, 20);
}

function imageFrom(attachment) {
  if (!attachment || typeof attachment !== 'object') return null;
  if (attachment.type !== 'image') return null;
  const src = attachment.payload && attachment.payload.src;
  const href = typeof src === 'string' ? safeHref(src) : null;
  return href && href.startsWith('http') ? href : null;
}

/**
 * A message for one bot_uttered event, or null when it holds nothing the
 * widget can show.
 */
export function normalizeBotMessage(data, { id, now = Date.now() } = {}) {
  if (typeof data === 'string') data = { text: data };
  if (!data || typeof data !== 'object') return null;
  let source = data;
  if (source.custom && typeof source.custom === 'object' && !source.text) source = source.custom;
  const text = typeof source.text === 'string' ? source.text.replace(/\r\n?/g, '\n').trim() : '';
  const buttons = cleanButtons(
    Array.isArray(source.buttons) && source.buttons.length ? source.buttons : source.quick_replies,
  );
  const image = imageFrom(source.attachment);
  if (!text && !buttons.length && !image) return null;
  const message = { id, from: 'bot', ts: now, text };
  if (buttons.length) message.buttons = buttons;
  if (image) message.image = image;
  return message;
}

/**
 * What the visitor sees when the server refused their message (a chat_error
 * event): the server's own sentence is for developers, so the visitor gets a
 * plain one, with the crisis line because they may have been asking for help.
 */
export function chatErrorMessage(data, { id, now = Date.now() } = {}) {
  const code = data && typeof data === 'object' ? data.error : null;
  const text = code === 'unavailable'
    ? "Sorry, your message didn't reach me: I can't get to my records right now. Please send it again in a moment. If you are in crisis, call or text 988."
    : "Sorry, I couldn't read that message. Could you send it again in other words? If you are in crisis, call or text 988.";
  return { id, from: 'bot', ts: now, text, error: code || 'unknown' };
}

export function userMessage(text, { id, now = Date.now(), pending = false } = {}) {
  const message = { id, from: 'user', ts: now, text };
  if (pending) message.pending = true;
  return message;
}

/** Index of the last visitor message, or -1. Buttons before it are answered. */
export function lastUserIndex(messages) {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (messages[i].from === 'user') return i;
  }
  return -1;
}

/** Session id from a session_confirm event (a string, or {session_id} from older servers). */
export function confirmedSessionId(data) {
  if (typeof data === 'string' && data) return data;
  if (data && typeof data === 'object' && typeof data.session_id === 'string' && data.session_id) {
    return data.session_id;
  }
  return null;
}
