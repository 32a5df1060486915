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
 * Quoting of commas, quotes and line breaks is csv-stringify's job, not this function's.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

export function neutraliseCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) return `'${value}`;
  return value;
}
