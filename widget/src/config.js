// Embedding configuration: the script tag's data-* attributes and/or a
// `window.IOPChatWidget = {...}` object defined before the script. The object
// wins where both give a value.

import { safeCssColor, readableOn, parseHex } from './colors.js';

export const DEFAULTS = Object.freeze({
  title: 'Treatment questions',
  launcherLabel: 'Questions? Chat with us',
  socketPath: '/socket.io',
  historyTtlHours: 24,
  colors: Object.freeze({ primary: '#0b5394' }),
});

/** Normalises a server URL (http/https, no trailing slash), or null. */
export function normalizeServerUrl(value, base) {
  if (typeof value !== 'string' || !value.trim()) return null;
  let url;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function str(...values) {
  for (const v of values) {
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

function bool(...values) {
  for (const v of values) {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && v.trim()) return !/^(false|0|no|off)$/i.test(v.trim());
  }
  return null;
}

/**
 * @param {object} opts
 * @param {string|null} opts.scriptSrc  absolute URL of widget.js
 * @param {object} opts.dataset  the script tag's dataset (data-* attributes)
 * @param {object|undefined} opts.options  window.IOPChatWidget
 * @param {string} opts.pageUrl  location.href
 */
export function resolveConfig({ scriptSrc = null, dataset = {}, options, pageUrl }) {
  const o = options && typeof options === 'object' ? options : {};
  const d = dataset || {};
  const assetBase = scriptSrc ? new URL('.', scriptSrc).href : new URL('/widget/', pageUrl).href;
  const serverUrl = normalizeServerUrl(str(o.serverUrl, d.serverUrl), pageUrl);
  let socketPath = str(o.socketPath, d.socketPath) || DEFAULTS.socketPath;
  if (!socketPath.startsWith('/')) socketPath = `/${socketPath}`;
  const colorsIn = o.colors && typeof o.colors === 'object' ? o.colors : {};
  const primary =
    safeCssColor(str(colorsIn.primary, d.primaryColor)) || DEFAULTS.colors.primary;
  const onPrimary =
    safeCssColor(str(colorsIn.onPrimary, colorsIn.primaryText, d.primaryTextColor)) ||
    (parseHex(primary) ? readableOn(primary) : '#ffffff');
  const colors = { primary, onPrimary };
  for (const name of ['background', 'text', 'botBubble', 'userBubble', 'userText', 'focus']) {
    const value = safeCssColor(colorsIn[name]);
    if (value) colors[name] = value;
  }
  const ttl = Number(o.historyTtlHours ?? d.historyTtlHours);
  return {
    serverUrl,
    socketPath,
    title: str(o.title, d.title) || DEFAULTS.title,
    launcherLabel: str(o.launcherLabel, d.launcherLabel) || DEFAULTS.launcherLabel,
    colors,
    assetBase,
    configUrl: new URL('config.json', assetBase).href,
    startOpen: bool(o.startOpen, d.startOpen) === true,
    historyTtlMs: (Number.isFinite(ttl) && ttl >= 0 ? ttl : DEFAULTS.historyTtlHours) * 3600 * 1000,
  };
}
