// Colour helpers: a site owner's brand colour gets a readable text colour.

/** Parses #rgb / #rrggbb into [r, g, b] (0-255), or null. */
export function parseHex(value) {
  if (typeof value !== 'string') return null;
  const m = value.trim().match(/^#([0-9a-f]{3}|[0-9a-f]{6})$/i);
  if (!m) return null;
  let hex = m[1];
  if (hex.length === 3) hex = hex.split('').map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** WCAG relative luminance of an [r, g, b] colour. */
export function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two hex colours (1..21), or null if either is not hex. */
export function contrastRatio(a, b) {
  const ca = parseHex(a);
  const cb = parseHex(b);
  if (!ca || !cb) return null;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background` (hex). */
export function readableOn(background) {
  const white = contrastRatio(background, '#ffffff');
  const black = contrastRatio(background, '#111111');
  if (white === null || black === null) return '#ffffff';
  return white >= black ? '#ffffff' : '#111111';
}

/** A CSS colour value that is safe to put into a custom property, or null. */
export function safeCssColor(value) {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^#[0-9a-f]{3,8}$/i.test(v)) return v;
  if (/^(?:rgb|rgba|hsl|hsla)\(\s*[-\d.%\s,/]+\)$/i.test(v)) return v;
  if (/^[a-z]{3,20}$/i.test(v)) return v;
  return null;
}
