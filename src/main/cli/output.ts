import { printable, printableJson } from '../../shared/printable';

/*
 * What the CLI's file commands print. Titles, notes, labels, metric and file names come from
 * files: control characters and escape sequences in them are printed as visible escapes
 * (\x1b), never sent to the terminal as they are (src/shared/printable.ts). A line break
 * inside a value is escaped too, so a file cannot forge a line of its own.
 */

/** One line for stdout. */
export function say(line: string): void {
  console.log(printable(line));
}

/** Several lines for stdout, made by us; values from files in them must be printable() already. */
export function sayLines(text: string): void {
  console.log(text.split('\n').map(printable).join('\n'));
}

/** One line for stderr (warnings, errors). */
export function warn(line: string): void {
  console.error(printable(line));
}

/** A value as pretty JSON on stdout, bidi and other controls as \u escapes. */
export function sayJson(value: unknown): void {
  console.log(printableJson(JSON.stringify(value, null, 2)));
}
