/**
 * CSV injection (OWASP "CSV Injection"): a spreadsheet treats a cell that begins with `=`, `+`,
 * `-` or `@` as a formula, and tab or carriage return can smuggle one in. Such cells are
 * neutralised by a leading single quote, which spreadsheets show as text and do not evaluate.
 * Full-width variants are included because some spreadsheet locales accept them as operators.
 *
 * A cell that is exactly a decimal number (`-12.50`) is left alone: a spreadsheet reads it as
 * the number it is, and no formula can hide in digits. Amounts in reports are never negative,
 * but an outstanding balance of an overpaid claim would be, and must stay a number.
 *
 * A line break inside a cell starts a new line for any reader that splits on them (and a new
 * row for one that ignores quotes), so a formula right after a CR or LF is neutralised too.
 * Quoting of commas, quotes and line breaks is csv-stringify's job (CSV_QUOTED below).
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const FORMULA_AFTER_BREAK = /(\r\n|\r|\n)(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Cells csv-stringify must quote besides its defaults: any CR or LF, not only a CRLF pair. */
export const CSV_QUOTED = /[\r\n]/;

export function neutraliseCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (PLAIN_NUMBER.test(value)) return value;
  const inner = value.replace(FORMULA_AFTER_BREAK, "$1'");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}
