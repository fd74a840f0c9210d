/*
 * Text that came from a file (a title, a note, a source label, a metric or file name) may hold
 * control characters: an ESC starts a terminal escape sequence (colours, a moved cursor, a
 * changed window title), a bidi override reorders what follows it, a zero-width space hides
 * inside a name. React escapes HTML but shows these as they are. Every surface that shows such
 * text, the CLI's and the UI's, passes it through here: each such character becomes a visible
 * escape (ESC -> \x1b, U+202E -> \u202e) and nothing else changes.
 */

/**
 * C0 and C1 controls, DEL, bidi controls, line/paragraph separators, invisible characters
 * (zero-width space, word joiner, BOM), lone surrogates. The zero-width (non-)joiners stay:
 * emoji sequences and several scripts need them.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escaped(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `s` with every control or invisible character shown as an escape (one-line surfaces: titles, labels, names). */
export function printable(s: string): string {
  return s.replace(UNSAFE, escaped);
}

/** Like printable, but line breaks stay line breaks (notes, multi-line terminal output). */
export function printableText(s: string): string {
  return s.replace(UNSAFE, (c) => (c === '\n' ? c : escaped(c)));
}

/**
 * JSON text for a terminal: JSON.stringify already escapes C0 controls and lone surrogates,
 * not DEL, C1 or bidi controls; those become \u escapes too, which any JSON reader reads back
 * as the same characters.
 */
export function printableJson(json: string): string {
  return json.replace(UNSAFE, (c) => (c === '\n' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
