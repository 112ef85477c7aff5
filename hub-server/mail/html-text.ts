// HTML mail bodies become plain text: sanitize-html with no tag allowed (scripts and styles dropped
// with their content), block ends kept as line breaks. What is stored is text, never live HTML.
import sanitizeHtml from 'sanitize-html';

const BLOCK_END = /<\/(?:p|div|li|tr|h[1-6]|blockquote|table|ul|ol|pre|section|article|header|footer)\s*>/gi;
const LINE_BREAK = /<br\s*\/?>/gi;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'", '#34': '"' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (whole, name: string) => {
    const known = ENTITIES[name.toLowerCase()];
    if (known !== undefined) return known;
    const code = name.startsWith('#x') || name.startsWith('#X') ? Number.parseInt(name.slice(2), 16) : name.startsWith('#') ? Number(name.slice(1)) : Number.NaN;
    // Control characters other than tab/newline stay encoded: they are never wanted in a body.
    return Number.isInteger(code) && code >= 32 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Plain text of an HTML body: no tag survives (sanitize-html with an empty allow-list). */
export function htmlToText(html: string): string {
  const marked = html.replace(LINE_BREAK, '\n').replace(BLOCK_END, '\n');
  const stripped = sanitizeHtml(marked, { allowedTags: [], allowedAttributes: {}, nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'] });
  return tidyText(decodeEntities(stripped));
}

/** Collapses runs of blank lines and trailing spaces (mail bodies are full of them). */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
