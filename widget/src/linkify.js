// Turns bot text into plain-text and link segments. Nothing here produces HTML:
// the renderer puts `text` into text nodes and creates <a> elements itself, so
// bot text can never inject markup. Only http(s) and tel: links are produced.

const MD_LINK = String.raw`\[(?<mdLabel>[^\]\n]{1,200})\]\((?<mdHref>(?:https?:\/\/|tel:)[^\s)]{1,2000})\)`;
const URL_RE = String.raw`(?<url>\bhttps?:\/\/[^\s<>"'\u00a0]{1,2000})`;
const TEL_URI = String.raw`(?<telUri>\btel:\+?[0-9][0-9().\- ]{1,30}[0-9])`;
// North American numbers: 1-800-662-4357, (555) 123-4567, 555.123.4567, +1 555 123 4567
const PHONE = String.raw`(?<phone>(?<![\w\-+./])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?![\w\-]|[.,]\d))`;
// The 988 Suicide & Crisis Lifeline, as a standalone number.
const CRISIS = String.raw`(?<crisis>(?<![\w\-+./(])988(?![\w\-]|[.,]\d))`;

const PATTERN = new RegExp([MD_LINK, URL_RE, TEL_URI, PHONE, CRISIS].join('|'), 'gi');

const TRAILING_PUNCT = /[.,;:!?'"\u2019\u201d*_]+$/;

/** Strips punctuation that ends a sentence rather than the URL, and unbalanced ')'. */
export function trimUrl(raw) {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCT, '');
    if (url.endsWith(')')) {
      const open = (url.match(/\(/g) || []).length;
      const close = (url.match(/\)/g) || []).length;
      if (close > open) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** A safe href for an http(s) or tel: link, or null. */
export function safeHref(raw) {
  if (typeof raw !== 'string') return null;
  const value = raw.trim();
  if (/^tel:/i.test(value)) {
    const digits = value.slice(4).replace(/[^\d+]/g, '');
    if (!/^\+?\d{3,15}$/.test(digits)) return null;
    return `tel:${digits}`;
  }
  let parsed;
  try {
    parsed = new URL(value);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (!parsed.hostname) return null;
  return parsed.href;
}

/** tel: href for a phone number as written in text. */
export function phoneHref(text) {
  const digits = text.replace(/\D/g, '');
  if (digits.length === 10) return `tel:+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1')) return `tel:+${digits}`;
  return `tel:${digits}`;
}

/**
 * Splits text into segments: {type: 'text', text} and {type: 'link', text, href}.
 * Joining every segment's text gives back the input, except that a markdown
 * link `[label](url)` shows only its label.
 */
export function linkify(text) {
  if (typeof text !== 'string' || text === '') return [];
  const segments = [];
  let last = 0;
  const pushText = (value) => {
    if (!value) return;
    const prev = segments[segments.length - 1];
    if (prev && prev.type === 'text') prev.text += value;
    else segments.push({ type: 'text', text: value });
  };
  PATTERN.lastIndex = 0;
  let match;
  while ((match = PATTERN.exec(text)) !== null) {
    const g = match.groups;
    let consumed = match[0];
    let link = null;
    if (g.mdLabel !== undefined) {
      const href = safeHref(g.mdHref);
      if (href) link = { type: 'link', text: g.mdLabel, href };
    } else if (g.url !== undefined) {
      consumed = trimUrl(g.url);
      const href = safeHref(consumed);
      if (href) link = { type: 'link', text: consumed, href };
    } else if (g.telUri !== undefined) {
      const href = safeHref(g.telUri);
      if (href) link = { type: 'link', text: g.telUri.slice(4), href };
    } else if (g.phone !== undefined) {
      link = { type: 'link', text: g.phone, href: phoneHref(g.phone) };
    } else if (g.crisis !== undefined) {
      link = { type: 'link', text: g.crisis, href: 'tel:988' };
    }
    if (!link) {
      // not a safe link: leave it as text and go on after it
      continue;
    }
    pushText(text.slice(last, match.index));
    segments.push(link);
    last = match.index + consumed.length;
    PATTERN.lastIndex = last;
  }
  pushText(text.slice(last));
  return segments;
}
