// HTML templating for server-rendered pages: every interpolated value is escaped unless it is already Html.

/** A fragment of markup that is known to be safe: produced by `html` (or `joinHtml`), never from data. */
export class Html {
  readonly #markup: string;
  constructor(markup: string) {
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template: `html\`<p>${name}</p>\`` escapes `name`; nested `html` fragments and arrays of
 * them pass through; null, undefined and false render as nothing (handy for optional parts).
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Joins fragments with a separator (itself escaped unless Html). */
export function joinHtml(parts: readonly unknown[], separator: unknown = ''): Html {
  const sep = render(separator);
  return new Html(parts.map(render).join(sep));
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * A value safe to put in href/src: relative references and http(s)/mailto URLs pass; anything else
 * (javascript:, data:, vbscript:...) becomes '#', because escaping alone does not stop a script URL.
 */
export function safeUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed.startsWith('/') || trimmed.startsWith('#') || trimmed.startsWith('?')) {
    return trimmed.startsWith('//') ? '#' : trimmed;
  }
  try {
    const u = new URL(trimmed);
    return SAFE_SCHEMES.has(u.protocol) ? trimmed : '#';
  } catch {
    return '#';
  }
}

/**
 * JSON for an inline `<script type="application/ld+json">` block: `<`, `>` and `&` become \u escapes so
 * data can never close the script element, and U+2028/2029 cannot break older parsers.
 */
export function jsonForScript(value: unknown): Html {
  const json = JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new Html(json);
}
